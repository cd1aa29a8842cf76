using Harvest.Engine.Gather;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Store;

namespace Harvest.Engine.Consumers;

/// <summary>
/// What a gather consumer does with one job id: gathers the job (again from the start if an earlier consumer
/// died halfway), queues each object for fetch, and finishes the job at once when there is nothing to fetch.
/// </summary>
internal static class GatherWork
{
    private const int PublishPage = 1000;

    public static async Task ProcessAsync(HarvestEngine engine, IHarvestQueue queue, QueueItem item, CancellationToken cancellationToken)
    {
        var job = engine.Store.FindJobWithoutStats(item.Body);
        if (job is null || job.Status is JobStatus.Finished or JobStatus.Aborted)
        {
            engine.Log.Debug($"gather queue: job {item.Body} is {(job is null ? "gone" : job.Status.ToString())}; skipped");
            return;
        }
        if (job.GatherFinished is null)
        {
            if (job.GatherStarted is not null)
            {
                // A consumer died while gathering: its objects are incomplete, so gather again from the start.
                engine.Store.DeleteJobObjects(job.JobId);
                job = job with { GatherStarted = null };
                engine.Log.Warning($"job {job.JobId}: an earlier gather did not finish; gathering again");
            }
            JobRun run;
            try
            {
                run = engine.Jobs.CreateRun(job with { Status = JobStatus.Running });
            }
            catch (UnknownSourceTypeException e)
            {
                engine.Jobs.FailGather(job, $"{e.Message}; this gather consumer cannot gather it");
                return;
            }
            await GatherStage.RunAsync(run, cancellationToken);
        }
        var queued = await QueueUnfinishedObjectsAsync(engine.Store, queue, job.JobId, cancellationToken);
        engine.Log.Info($"job {job.JobId}: {queued} objects queued for fetch");
        engine.Jobs.TryFinish(job.JobId);
    }

    /// <summary>Queues every object of the job that still needs fetch or import. Queuing twice is harmless: fetch skips ended objects.</summary>
    public static async Task<int> QueueUnfinishedObjectsAsync(IHarvestStore store, IHarvestQueue queue, string jobId, CancellationToken cancellationToken)
    {
        // Objects left in fetch or import (by a consumer that stopped) first, then the waiting ones a page at a time, in
        // sequence order: fetch consumers start on the first published object and move it out of waiting, which the
        // next page (of higher sequence numbers) does not see. A page at a time, so that a million objects' ids are
        // never held at once.
        var queued = 0;
        var taken = new[] { ObjectState.Fetch, ObjectState.Import }
            .SelectMany(state => store.EnumerateObjects(new ObjectQuery(JobId: jobId, State: state, IncludeContent: false)))
            .Select(o => o.ObjectId)
            .ToList();
        foreach (var page in taken.Chunk(PublishPage))
            queued += await PublishAsync(store, queue, page, cancellationToken);
        var waiting = store.EnumerateObjects(new ObjectQuery(JobId: jobId, State: ObjectState.Waiting, IncludeContent: false), PublishPage)
            .Select(o => o.ObjectId);
        foreach (var page in waiting.Chunk(PublishPage))
            queued += await PublishAsync(store, queue, page, cancellationToken);
        return queued;
    }

    /// <summary>
    /// One batch publish per page (one command to Redis, one wait for confirms on RabbitMQ), in a store transaction: the
    /// database queue then commits once per page, not once per object (one WAL flush each on PostgreSQL: 100,000 objects
    /// took minutes). Other queues ignore the store transaction.
    /// </summary>
    private static async Task<int> PublishAsync(IHarvestStore store, IHarvestQueue queue, string[] page, CancellationToken cancellationToken)
    {
        using var transaction = store.BeginTransaction();
        await queue.PublishAsync(HarvestQueueKind.Fetch, page, cancellationToken);
        transaction.Commit();
        return page.Length;
    }
}
