namespace Harvest.Harvesters.Iso;

/// <summary>Limits that keep one huge or hostile record from costing more than a record should.</summary>
public sealed record IsoReadOptions
{
    public static IsoReadOptions Default { get; } = new();

    /// <summary>Most characters one record may have (its XML text, markup included).</summary>
    public long MaxCharacters { get; init; } = 10_000_000;

    /// <summary>Most <c>gmd:keyword</c> entries one record may have; more makes the record an error.</summary>
    public int MaxKeywords { get; init; } = 1000;

    /// <summary>Most online resources (<c>gmd:CI_OnlineResource</c>) one record may have; more makes the record an error.</summary>
    public int MaxResources { get; init; } = 1000;

    /// <summary>
    /// A mandatory property (a responsible party's role, a citation's title, ...) written empty without a
    /// <c>gco:nilReason</c> makes the record an error, as ISO 19139 and datagov-harvester's transform have it.
    /// Off by default: the reader otherwise takes such a property as having no value.
    /// </summary>
    public bool RequireNilReasons { get; init; }
}
