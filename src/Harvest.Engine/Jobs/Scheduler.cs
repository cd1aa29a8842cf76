using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine.Jobs;

/// <summary>
/// ckanext-harvest's `run`: creates jobs for active sources whose frequency is due, queues New jobs for the
/// gather consumers, finishes jobs whose work has ended, and aborts jobs idle past the timeout setting.
/// </summary>
public sealed class Scheduler(IHarvestStore store, HarvestSources sources, HarvestJobs jobs, HarvestSettings settings, HarvestLog log)
{
    public async Task<RunSummary> RunAsync(IHarvestQueue queue, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var created = CreateDueJobs(now);
        var queued = 0;
        foreach (var job in store.ListJobs(new JobQuery(Status: JobStatus.New, Limit: int.MaxValue)).OrderBy(j => j.Created))
            if (await QueueAsync(queue, job, now, cancellationToken)) queued++;
        var running = store.ListJobs(new JobQuery(Status: JobStatus.Running, Limit: int.MaxValue));
        var finished = running.Count(j => jobs.TryFinish(j.JobId));
        var timedOut = settings.Timeout > 0 ? AbortIdle(now, TimeSpan.FromMinutes(settings.Timeout)) : 0;
        var requeued = await RequeueStuckAsync(queue, now, cancellationToken);
        return new RunSummary(created, queued, finished, timedOut, requeued);
    }

    /// <summary>
    /// Queues one New job for the gather consumers now, as <see cref="RunAsync"/> does for every New job: the job becomes Running
    /// and its id goes on the gather queue. False when the job is no longer New (someone else queued, ran or aborted it).
    /// </summary>
    public async Task<bool> QueueAsync(IHarvestQueue queue, string jobId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await QueueAsync(queue, jobs.Get(jobId), now, cancellationToken);

    private async Task<bool> QueueAsync(IHarvestQueue queue, HarvestJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.Status != JobStatus.New || !store.UpdateJobIfStatus(job with { Status = JobStatus.Running, LastAction = now }, JobStatus.New))
            return false;
        await queue.PublishAsync(HarvestQueueKind.Gather, job.JobId, cancellationToken);
        log.Info($"job {job.JobId} queued for gather");
        return true;
    }

    /// <summary>The longest life span <see cref="AbortFailedJobs"/> takes, in days (100 years: more is surely a typo).</summary>
    public const int MaxLifeSpanDays = 36_500;

    /// <summary>ckanext-harvest's abort-failed-jobs: Running jobs older than the life span are aborted.</summary>
    public int AbortFailedJobs(TimeSpan lifeSpan, DateTimeOffset now)
    {
        if (lifeSpan < TimeSpan.Zero || lifeSpan > TimeSpan.FromDays(MaxLifeSpanDays))
            throw new HarvestException($"the life span is {lifeSpan.TotalDays:0.##} days, outside 0-{MaxLifeSpanDays} days");
        var aborted = 0;
        foreach (var job in store.ListJobs(new JobQuery(Status: JobStatus.Running, Limit: int.MaxValue)).Where(j => j.Created < now - lifeSpan))
            if (Abort(job, now, $"aborted: still running after {lifeSpan.TotalDays:0.#} days (abort-failed-jobs)")) aborted++;
        return aborted;
    }

    /// <summary>ckanext-harvest's job-all: a New job for every active source that has none New or Running.</summary>
    public IReadOnlyList<HarvestJob> CreateJobsForAllSources()
    {
        var created = new List<HarvestJob>();
        foreach (var source in sources.List())
        {
            if (HasActiveJob(source.SourceId)) continue;
            created.Add(jobs.Create(source.SourceId));
        }
        return created;
    }

    public static DateTimeOffset? NextRun(HarvestFrequency frequency, DateTimeOffset from) => frequency switch
    {
        HarvestFrequency.Always => from,
        HarvestFrequency.Daily => from.AddDays(1),
        HarvestFrequency.Weekly => from.AddDays(7),
        HarvestFrequency.Biweekly => from.AddDays(14),
        HarvestFrequency.Monthly => from.AddMonths(1),
        _ => null,
    };

    private int CreateDueJobs(DateTimeOffset now)
    {
        var created = 0;
        foreach (var source in sources.List().Where(s => s.Frequency != HarvestFrequency.Manual))
        {
            if (source.NextRun is { } next && next > now) continue;
            if (HasActiveJob(source.SourceId)) continue;
            jobs.Create(source.SourceId);
            store.UpdateSource(source with { NextRun = NextRun(source.Frequency, now) });
            created++;
        }
        return created;
    }

    /// <summary>
    /// Work whose queue item was lost (a purge, a broker restarted without its data) would wait for ever:
    /// Running jobs idle for longer than the visibility timeout have their unfinished work queued again.
    /// Queuing twice is harmless: consumers skip what has ended. Returns how many items were queued.
    /// </summary>
    private async Task<int> RequeueStuckAsync(IHarvestQueue queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromSeconds(settings.MqVisibilityTimeout);
        var requeued = 0;
        foreach (var job in store.ListJobs(new JobQuery(Status: JobStatus.Running, Limit: int.MaxValue)))
        {
            if ((job.LastAction ?? job.Created) >= now - idle) continue;
            if (job.GatherFinished is null)
            {
                await queue.PublishAsync(HarvestQueueKind.Gather, job.JobId, cancellationToken);
                requeued++;
            }
            else
            {
                requeued += await Consumers.GatherWork.QueueUnfinishedObjectsAsync(store, queue, job.JobId, cancellationToken);
            }
            store.UpdateJob(job with { LastAction = now });
            log.Warning($"job {job.JobId} had no progress for {idle.TotalSeconds:0} s: its unfinished work was queued again");
        }
        return requeued;
    }

    /// <summary>
    /// As ckanext-harvest does, a job idle past the timeout ends Finished with a gather error naming the timeout, so that
    /// its status mail and retention run like any other finished job's.
    /// </summary>
    private int AbortIdle(DateTimeOffset now, TimeSpan timeout)
    {
        var ended = 0;
        foreach (var job in store.ListJobs(new JobQuery(Status: JobStatus.Running, Limit: int.MaxValue)))
            if ((job.LastAction ?? job.Created) < now - timeout
                && jobs.FinishTimedOut(job, $"timed out: no progress for {timeout.TotalMinutes:0} minutes (setting timeout)", now))
                ended++;
        return ended;
    }

    private bool Abort(HarvestJob job, DateTimeOffset now, string reason)
    {
        var aborted = job with { Status = JobStatus.Aborted, Finished = now, Stats = store.ComputeStats(job.JobId) };
        if (!store.UpdateJobIfStatus(aborted, JobStatus.Running)) return false;
        store.InsertGatherError(new HarvestGatherError { ErrorId = Guid.NewGuid().ToString(), JobId = job.JobId, Message = reason, Created = now });
        log.Warning($"job {job.JobId} {reason}");
        return true;
    }

    private bool HasActiveJob(string sourceId) => jobs.LiveJob(sourceId, DateTimeOffset.UtcNow) is not null;
}

public sealed record RunSummary(int JobsCreated, int JobsQueued, int JobsFinished, int JobsTimedOut, int ItemsRequeued);
