namespace Harvest.Engine.Model;

public sealed record HarvestJob
{
    public required string JobId { get; init; }
    public required string SourceId { get; init; }
    public JobStatus Status { get; init; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset? GatherStarted { get; init; }
    public DateTimeOffset? GatherFinished { get; init; }
    public DateTimeOffset? Finished { get; init; }
    public DateTimeOffset? LastAction { get; init; }
    public JobStats Stats { get; init; } = new();
    public int GatherErrorCount { get; init; }
    /// <summary>
    /// The process running the job in-process (<c>run-test</c>, <c>harvest</c>, <c>Invoke-Harvest</c>), as "host/pid",
    /// so that the next run can tell a job whose process died; null for jobs of the consumers.
    /// </summary>
    public string? Owner { get; init; }
    /// <summary>For a New or Running job: objects by state, rate and estimated time left; null once it has ended.</summary>
    public Reports.JobProgress? Progress
    {
        get => Status is JobStatus.New or JobStatus.Running ? _progress : null;
        init => _progress = value;
    }

    private readonly Reports.JobProgress? _progress;

    public override string ToString() => $"{JobId} {Status} {Stats}";
}

/// <summary>Per-job counts by report status.</summary>
public sealed record JobStats
{
    public int Added { get; init; }
    public int Updated { get; init; }
    public int NotModified { get; init; }
    public int Deleted { get; init; }
    public int Errored { get; init; }

    public int Total => Added + Updated + NotModified + Deleted + Errored;

    public override string ToString() =>
        $"added {Added}, updated {Updated}, not modified {NotModified}, deleted {Deleted}, errored {Errored}";
}
