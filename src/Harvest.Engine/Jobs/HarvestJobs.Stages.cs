using Harvest.Engine.Consumers;
using Harvest.Engine.Fetch;
using Harvest.Engine.Gather;
using Harvest.Engine.Import;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Store;

namespace Harvest.Engine.Jobs;

/// <summary>
/// The stages one at a time, in this process (Invoke-HarvestGather / Invoke-HarvestFetch, <c>harvester gather</c> /
/// <c>fetch</c>): a script can gather in one scheduled task and fetch in another, with no consumer running.
/// </summary>
public sealed partial class HarvestJobs
{
    /// <summary>
    /// Gathers a New job now: given by id, or a source's New job (one is created when it has none). Its objects are written
    /// and queued for fetch (records unchanged since their dataset's current object are settled, not queued); a job with
    /// nothing left to fetch is finished at once. Returns the job as the gather left it.
    /// </summary>
    public async Task<HarvestJob> GatherNowAsync(string jobIdOrSource, CancellationToken cancellationToken = default)
    {
        var job = store.FindJob(jobIdOrSource);
        if (job is null)
        {
            var source = sources.Get(jobIdOrSource);
            registry.Get(source.Type); // a type that is not loaded fails here, before any job is made
            job = store.ListJobs(new JobQuery(source.SourceId, JobStatus.New)).FirstOrDefault() ?? Create(source.SourceId);
        }
        if (job.Status != JobStatus.New)
            throw new HarvestConflictException($"job {job.JobId} is {job.Status}; only a New job can be gathered");
        var run = CreateRun(job with { Owner = JobOwner.Current });
        await GuardedAsync(run, async () =>
        {
            if (await GatherStage.RunAsync(run, cancellationToken))
            {
                await using var queue = await QueueFactory.OpenAsync(settings, store, cancellationToken);
                await GatherWork.QueueUnfinishedObjectsAsync(store, queue, run.Job.JobId, cancellationToken);
            }
            LetGo(run);
            TryFinish(run.Job.JobId);
            return Report(run.Job.JobId);
        }, cancellationToken);
        return Get(job.JobId);
    }

    /// <summary>
    /// Fetches and imports a gathered job's objects that are still waiting, now, in this process, then finishes the job when
    /// nothing is left. Objects a fetch consumer holds meanwhile are left to it.
    /// </summary>
    public async Task<JobReport> FetchNowAsync(string jobId, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var job = Get(jobId);
        if (job.Status != JobStatus.Running || job.GatherFinished is null)
            throw new HarvestConflictException(job.Status == JobStatus.New
                ? $"job {job.JobId} is New: gather it first (Invoke-HarvestGather, harvester gather)"
                : $"job {job.JobId} is {job.Status}{(job.GatherFinished is null && job.Status == JobStatus.Running ? " and still gathering" : "")}; only a gathered, Running job can be fetched");
        var run = CreateRun(job with { Owner = JobOwner.Current }, options);
        return await GuardedAsync(run, async () =>
        {
            await FetchStage.RunAsync(run, cancellationToken);
            ImportStage.Run(run, cancellationToken);
            LetGo(run);
            TryFinish(run.Job.JobId);
            return Report(run.Job.JobId);
        }, cancellationToken);
    }

    /// <summary>A job this process worked on and leaves Running for a later stage is no longer its own: no owner to outlive.</summary>
    private void LetGo(JobRun run)
    {
        run.Job = run.Job with { Owner = null };
        store.UpdateJob(run.Job);
    }
}
