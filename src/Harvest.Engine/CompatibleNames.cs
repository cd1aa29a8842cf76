namespace Harvest.Engine;

/// <summary>
/// Names kept from ckanext-harvest so that operators moving from it find what they know: the prefix of its settings
/// (<c>ckan.harvest.mq.type</c> and so on are accepted in a settings file) and of its queue and exchange names.
/// It names that extension, not a harvester type.
/// </summary>
internal static class CompatibleNames
{
    public const string Prefix = "ckan.harvest";
}
