namespace Harvest.Engine.Harvesters;

/// <summary>What <c>harvesters-info</c> shows of a harvester type.</summary>
/// <param name="Name">The type name sources use, matched ignoring case (e.g. <c>csv</c>).</param>
/// <param name="Title">A short human name.</param>
/// <param name="Description">What the type harvests and what its source URL names.</param>
/// <param name="ConfigKeys">The keys its source config accepts.</param>
public sealed record HarvesterInfo(string Name, string Title, string Description, IReadOnlyList<ConfigKeyInfo> ConfigKeys)
{
    /// <summary>The file the type was loaded from when it is a plug-in (<c>harvester_assemblies</c>); null for a built-in type.</summary>
    public string? Assembly { get; init; }
}

/// <summary>One key a harvester accepts in a source config.</summary>
/// <param name="Key">The key.</param>
/// <param name="Type">
/// Its type in words. A harvester that does not check its own config (<see cref="IConfigurableHarvester"/>) gets
/// these checked for it: <c>string</c>, <c>boolean</c>, <c>integer</c>, <c>number</c>, <c>list of strings</c>
/// (a comma-separated string is accepted too) and <c>object of strings</c>; any other type accepts any JSON value.
/// </param>
/// <param name="Description">What it does.</param>
/// <param name="Default">Its default, in words, when it has one.</param>
public sealed record ConfigKeyInfo(string Key, string Type, string Description, string? Default = null);
