namespace Harvest.Engine.Model;

/// <summary>What one job did: its stats, its gather errors and its object errors.</summary>
public sealed class JobReport
{
    public required HarvestJob Job { get; init; }
    public required HarvestSource Source { get; init; }
    public IReadOnlyList<HarvestGatherError> GatherErrors { get; init; } = [];
    /// <summary>What the gather did not fail over but a reader must know: an incomplete listing, so nothing was deleted.</summary>
    public IReadOnlyList<GatherWarning> GatherWarnings { get; init; } = [];
    public IReadOnlyList<ObjectErrorReport> ObjectErrors { get; init; } = [];
    /// <summary>The 20 most frequent gather error messages with their counts.</summary>
    public IReadOnlyList<MessageCount> TopGatherMessages { get; init; } = [];
    /// <summary>The 20 most frequent object error messages with their counts.</summary>
    public IReadOnlyList<MessageCount> TopObjectMessages { get; init; } = [];
    /// <summary>How long gather, fetch and import took, and records per second.</summary>
    public Reports.JobTimings Timings { get; init; } = new();
    /// <summary>
    /// What the run that produced this report warns about and the job does not record (a guid given to force its import
    /// that the listing did not hold); empty for a report read later.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string JobId => Job.JobId;
    public string SourceId => Job.SourceId;
    public JobStats Stats => Job.Stats;
    /// <summary>The same counts in DKAN Harvest's terms (created, updated, unchanged, failed, orphaned).</summary>
    public RunEvents Events => RunEvents.From(Job.Stats);
    public bool HasErrors => GatherErrors.Count > 0 || Job.Stats.Errored > 0;
}

public sealed class ObjectErrorReport
{
    public required string ObjectId { get; init; }
    public required string Guid { get; init; }
    public string? OriginalUrl { get; init; }
    /// <summary>The stage the object failed in (that of its last error).</summary>
    public HarvestStage Stage { get; init; }
    public IReadOnlyList<HarvestObjectError> Errors { get; init; } = [];
}

/// <summary>Where the store is (a SQLite path, or a connection string with its password shown as ***) and its schema version.</summary>
public sealed record StoreInfo(string Database, int SchemaVersion);

/// <summary>What clearing job history removed.</summary>
public sealed record HistoryClearResult(string? SourceId, int JobsRemoved)
{
    /// <summary>Jobs left to clear (clear-history removes at most 1000 per call): run it again while this is above 0.</summary>
    public int Remaining { get; init; }
}
