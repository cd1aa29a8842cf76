using Harvest.Engine.Model;

namespace Harvest.Engine.Reports;

/// <summary>
/// Where a New or Running job is: its objects by state, how fast they end and how long the rest should take,
/// and how long since it last did anything, so nobody has to guess whether it is stuck.
/// </summary>
public sealed record JobProgress
{
    public int Waiting { get; init; }
    public int Fetch { get; init; }
    public int Import { get; init; }
    public int Complete { get; init; }
    public int Error { get; init; }
    /// <summary>Objects gathered so far (the final count once <see cref="GatherFinished"/>).</summary>
    public int Total => Waiting + Fetch + Import + Complete + Error;
    /// <summary>Objects that have ended (Complete or Error).</summary>
    public int Done => Complete + Error;
    public bool GatherFinished { get; init; }
    /// <summary>Done as a share of Total, 0 to 100; null until the gather has finished (the total is unknown until then).</summary>
    public double? PercentDone => GatherFinished ? Total == 0 ? 100 : Math.Round(100.0 * Done / Total, 1) : null;
    /// <summary>Objects ended per second since the gather finished.</summary>
    public double? RecordsPerSecond { get; init; }
    /// <summary>The objects left at the current rate; null while the gather runs or nothing has ended yet.</summary>
    public TimeSpan? EstimatedTimeLeft { get; init; }
    /// <summary>Time since the job last recorded progress.</summary>
    public TimeSpan? IdleFor { get; init; }

    public static JobProgress From(HarvestJob job, JobObjectTimes times, DateTimeOffset now)
    {
        int Count(ObjectState state) => times.ByState.GetValueOrDefault(state);
        var progress = new JobProgress
        {
            Waiting = Count(ObjectState.Waiting), Fetch = Count(ObjectState.Fetch), Import = Count(ObjectState.Import),
            Complete = Count(ObjectState.Complete), Error = Count(ObjectState.Error), GatherFinished = job.GatherFinished is not null,
        };
        var lastActive = new[] { job.LastAction, job.GatherStarted, times.LastFetched, times.LastImported, times.LastGathered }.Max() ?? job.Created;
        progress = progress with { IdleFor = now > lastActive ? now - lastActive : TimeSpan.Zero };
        if (job.GatherFinished is not { } gathered || progress.Done == 0) return progress;
        var elapsed = (now - gathered).TotalSeconds;
        if (elapsed <= 0) return progress;
        var rate = progress.Done / elapsed;
        var left = progress.Total - progress.Done;
        return progress with { RecordsPerSecond = rate, EstimatedTimeLeft = TimeSpan.FromSeconds(left / rate) };
    }

    /// <summary>One short line: done/total, percent, rate and time left, e.g. "120/400 30%, 12.5/s, about 22.4 s left".</summary>
    public string Summary =>
        $"{Done}/{Total}{(GatherFinished ? $" {PercentDone:0.#}%" : "+ (gathering)")}"
        + (RecordsPerSecond is { } rate ? $", {rate:0.##}/s" : "")
        + (EstimatedTimeLeft is { } left ? $", about {JobTimings.Text(left)} left" : "");

    public override string ToString() =>
        $"{Done}/{Total}{(GatherFinished ? "" : "+")} done (waiting {Waiting}, fetch {Fetch}, import {Import}, complete {Complete}, error {Error})"
        + (RecordsPerSecond is { } rate ? $", {rate:0.##}/s" : "")
        + (EstimatedTimeLeft is { } left ? $", about {JobTimings.Text(left)} left" : "");
}
