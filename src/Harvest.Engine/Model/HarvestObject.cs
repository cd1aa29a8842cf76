namespace Harvest.Engine.Model;

/// <summary>One remote record within one job: its guid, its content and what became of it.</summary>
public sealed record HarvestObject
{
    public required string ObjectId { get; init; }
    public required string JobId { get; init; }
    public required string SourceId { get; init; }
    public string Guid { get; init; } = "";
    public ObjectState State { get; init; }
    public ReportStatus ReportStatus { get; init; }
    public bool Current { get; init; }
    public string? Content { get; init; }
    public string? ContentHash { get; init; }
    /// <summary>
    /// SHA-256 of the record's text exactly as the source gave it: equal raw text means unchanged without building the
    /// canonical form. Content is null on an object settled as not modified at gather (its dataset's current object holds it).
    /// </summary>
    public string? RawHash { get; init; }
    /// <summary>The local dataset this object created, updated or deleted.</summary>
    public string? DatasetId { get; init; }
    public DateTimeOffset Gathered { get; init; }
    public DateTimeOffset? FetchFinished { get; init; }
    public DateTimeOffset? ImportFinished { get; init; }
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();
    /// <summary>Order of the object within its job.</summary>
    public int Sequence { get; init; }
    /// <summary>How many times a consumer has taken this object up; bounded, then the object fails.</summary>
    public int Attempts { get; init; }

    public override string ToString() => $"{Guid} {State} {ReportStatus}";
}
