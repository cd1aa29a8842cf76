using Harvest.Engine.Model;
using Harvest.Engine.Reports;

namespace Harvest.Cli.Output;

/// <summary>The parts of a job report beyond its errors: original URLs, the most frequent messages, the timings.</summary>
internal static class ReportOutput
{
    public static object Messages(IReadOnlyList<MessageCount> messages) =>
        messages.Select(m => new { message = m.Message, count = m.Count, examples = m.Examples });

    public static object Timings(JobTimings t) => new
    {
        gatherSeconds = Seconds(t.Gather), fetchSeconds = Seconds(t.Fetch), importSeconds = Seconds(t.Import), totalSeconds = Seconds(t.Total),
        records = t.Records, recordsPerSecond = t.RecordsPerSecond is { } rate ? Math.Round(rate, 3) : (double?)null,
        stagesOverlapped = t.StagesOverlapped,
    };

    /// <summary>A New or Running job's progress; null once the job has ended.</summary>
    public static object? Progress(JobProgress? p) => p is null ? null : new
    {
        waiting = p.Waiting, fetch = p.Fetch, import = p.Import, complete = p.Complete, error = p.Error, total = p.Total, done = p.Done,
        gatherFinished = p.GatherFinished, percentDone = p.PercentDone,
        recordsPerSecond = p.RecordsPerSecond is { } rate ? Math.Round(rate, 3) : (double?)null,
        estimatedSecondsLeft = Seconds(p.EstimatedTimeLeft), idleSeconds = Seconds(p.IdleFor),
    };

    private static double? Seconds(TimeSpan? span) => span is { } s ? Math.Round(s.TotalSeconds, 3) : null;

    public static void Text(TextWriter w, JobReport r)
    {
        if (r.ObjectErrors.Any(o => o.OriginalUrl is not null))
        {
            w.WriteLine("errored objects:");
            TextTables.Table(w, ["GUID", "STAGE", "ERRORS", "ORIGINAL URL"], r.ObjectErrors.Select(o => new[]
            {
                o.Guid.Length == 0 ? "(no guid)" : o.Guid, o.Stage.ToString(), o.Errors.Count.ToString(), o.OriginalUrl ?? "",
            }));
        }
        Messages(w, "most frequent gather errors", r.TopGatherMessages);
        Messages(w, "most frequent object errors", r.TopObjectMessages);
        w.WriteLine($"timings: {r.Timings}");
    }

    private static void Messages(TextWriter w, string title, IReadOnlyList<MessageCount> messages)
    {
        if (messages.Count == 0) return;
        w.WriteLine($"{title}:");
        var width = messages.Max(m => m.Count.ToString().Length);
        foreach (var m in messages)
            w.WriteLine($"  {m.Count.ToString().PadLeft(width)}  {m.Message}{(m.Examples.Count == 0 ? "" : $" (e.g. {string.Join(", ", m.Examples)})")}");
    }
}
