using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;

namespace Harvest.Engine.Sources;

/// <summary>
/// Checks a source config the way <c>source create</c>, <c>source update</c> and an unsaved preview do: the keys every
/// type accepts (<see cref="NotificationEmails.Key"/>) here, the rest by the harvester (its own check when it is an
/// <see cref="IConfigurableHarvester"/>, else by the types its <see cref="HarvesterInfo.ConfigKeys"/> declare).
/// </summary>
public static class SourceConfig
{
    /// <summary>Keys every harvester type accepts, checked here before the harvester sees the rest.</summary>
    public static readonly IReadOnlyList<ConfigKeyInfo> CommonKeys =
    [
        new(NotificationEmails.Key, "list of strings", "E-mail addresses that get this source's status mails along with mail_admins."),
        new(Gather.DeletionGuard.MaxPercentKey, "integer",
            "A gather that would delete more than this percentage of the source's active datasets fails and deletes nothing.",
            Gather.DeletionGuard.DefaultMaxPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(Gather.DeletionGuard.ForceKey, "boolean",
            "Let a gather delete however many datasets are no longer listed, even all of them (an empty catalog).", "false"),
        new(Http.ConditionalDocuments.ConfigKey, "boolean",
            "Ask the server whether a document downloaded whole (data.json, WAF file, DCAT page) changed since the last successful job " +
            "(ETag / Last-Modified); false for a server that answers 304 wrongly.", "true"),
    ];

    /// <summary>Checks a config with the common keys and then with the harvester; the normalised config keeps both.</summary>
    public static ConfigValidation Validate(IHarvester harvester, JsonObject config)
    {
        var rest = (JsonObject)config.DeepClone();
        var common = new JsonObject();
        foreach (var key in CommonKeys)
            if (rest.Remove(key.Key, out var node)) common[key.Key] = node;
        var errors = new List<string>();
        common.Remove(NotificationEmails.Key, out var emailsNode);
        var emails = NotificationEmails.Parse(emailsNode, errors);
        var guard = ByDeclaredTypes([.. CommonKeys.Where(k => k.Key != NotificationEmails.Key)], common);
        errors.AddRange(guard.Errors);
        if (long.TryParse(guard.Config?[Gather.DeletionGuard.MaxPercentKey]?.ToJsonString(), out var percent) && percent is < 0 or > 100)
            errors.Add($"'{Gather.DeletionGuard.MaxPercentKey}' must be from 0 to 100, not {percent}");
        var validation = harvester is IConfigurableHarvester configurable
            ? configurable.ValidateConfig(rest)
            : ByDeclaredTypes(harvester.Info.ConfigKeys, rest);
        errors.AddRange(validation.Errors);
        if (errors.Count > 0) return ConfigValidation.Invalid(errors);
        var normalised = validation.Config!;
        if (emails is { Count: > 0 })
            normalised[NotificationEmails.Key] = new JsonArray(emails.Select(e => (JsonNode)JsonValue.Create(e)).ToArray());
        foreach (var (key, value) in guard.Config!) normalised[key] = value?.DeepClone();
        return ConfigValidation.Valid(normalised);
    }

    /// <summary>The check a harvester without its own gets: known keys by their declared type, unknown keys refused.</summary>
    public static ConfigValidation ByDeclaredTypes(IReadOnlyList<ConfigKeyInfo> keys, JsonObject config)
    {
        var reader = new ConfigReader(config, keys);
        foreach (var key in keys)
        {
            switch (key.Type.Trim().ToLowerInvariant())
            {
                case "string": reader.String(key.Key); break;
                case "boolean": reader.Boolean(key.Key); break;
                case "integer": reader.Integer(key.Key); break;
                case "number": reader.Number(key.Key); break;
                case "list of strings": reader.StringList(key.Key); break;
                case "object of strings": reader.StringMap(key.Key); break;
                default: reader.Any(key.Key); break;
            }
        }
        return reader.Finish();
    }
}
