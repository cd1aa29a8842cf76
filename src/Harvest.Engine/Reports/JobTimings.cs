using Harvest.Engine.Model;

namespace Harvest.Engine.Reports;

/// <summary>
/// How long a job's stages took, from the job's and its objects' times. Gather runs from gather start to gather end;
/// fetch from gather end to the last object fetched; import to the last object imported, from the last fetch when the
/// stages ran one after the other (run-test), or from the first fetch when consumers interleaved them.
/// </summary>
public sealed record JobTimings
{
    public TimeSpan? Gather { get; init; }
    public TimeSpan? Fetch { get; init; }
    public TimeSpan? Import { get; init; }
    /// <summary>From gather start (or creation) to the end of the job, or to now while it runs.</summary>
    public TimeSpan? Total { get; init; }
    /// <summary>Objects that have ended (Complete or Error).</summary>
    public int Records { get; init; }
    /// <summary>Ended objects per second of <see cref="Total"/>.</summary>
    public double? RecordsPerSecond { get; init; }
    /// <summary>True when fetch and import overlapped (queue consumers fetch and import each object in turn).</summary>
    public bool StagesOverlapped { get; init; }

    public static JobTimings From(HarvestJob job, JobObjectTimes times, DateTimeOffset now)
    {
        var records = times.ByState.GetValueOrDefault(ObjectState.Complete) + times.ByState.GetValueOrDefault(ObjectState.Error);
        var fetchStart = job.GatherFinished ?? times.FirstGathered;
        var overlapped = times.LastFetched is { } lastFetch && times.FirstImported is { } firstImport && firstImport < lastFetch;
        var importStart = overlapped ? times.FirstFetched : times.LastFetched ?? job.GatherFinished;
        TimeSpan? total = job.GatherStarted is null && job.Status == JobStatus.New
            ? null
            : Span(job.GatherStarted ?? job.Created, job.Finished ?? (job.Status is JobStatus.Finished or JobStatus.Aborted ? job.LastAction : now));
        return new JobTimings
        {
            Gather = Span(job.GatherStarted, job.GatherFinished),
            Fetch = Span(fetchStart, times.LastFetched),
            Import = Span(importStart, times.LastImported),
            Total = total,
            Records = records,
            RecordsPerSecond = total is { TotalSeconds: > 0 } t && records > 0 ? records / t.TotalSeconds : null,
            StagesOverlapped = overlapped,
        };
    }

    private static TimeSpan? Span(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? (e > s ? e - s : TimeSpan.Zero) : null;

    public override string ToString() =>
        $"gather {Text(Gather)}, fetch {Text(Fetch)}, import {Text(Import)}, total {Text(Total)}"
        + (RecordsPerSecond is { } rate ? $", {rate:0.##} records/s" : "");

    /// <summary>A duration as people read it: 850 ms, 12.4 s, 3 min 05 s, 2 h 10 min.</summary>
    public static string Text(TimeSpan? span) => span switch
    {
        null => "-",
        { } s when s.TotalSeconds < 1 => $"{s.TotalMilliseconds:0} ms",
        { } s when s.TotalMinutes < 1 => $"{s.TotalSeconds:0.#} s",
        { } s when s.TotalHours < 1 => $"{(int)s.TotalMinutes} min {s.Seconds:00} s",
        { } s => $"{(int)s.TotalHours} h {s.Minutes:00} min",
    };
}
