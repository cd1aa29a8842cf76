using Harvest.Engine.Fetch;
using Harvest.Engine.Import;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Store;

namespace Harvest.Engine.Consumers;

/// <summary>
/// What a fetch consumer does with a batch of object ids: fetch, then import (as ckanext-harvest's fetch consumer),
/// all objects of one job in one transaction, skipping objects that already ended; an object taken up more than
/// <c>mq_max_attempts</c> times fails. Then each job is finished if its last object ended.
/// </summary>
internal static class FetchWork
{
    public static Task ProcessAsync(HarvestEngine engine, QueueItem item, CancellationToken cancellationToken) =>
        ProcessBatchAsync(engine, [item], cancellationToken);

    public static async Task ProcessBatchAsync(HarvestEngine engine, IReadOnlyList<QueueItem> items, CancellationToken cancellationToken)
    {
        // An id queued twice may come twice in one batch: it is one object, taken up as often as its most-received copy says.
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
            attempts[item.Body] = Math.Max(attempts.GetValueOrDefault(item.Body), item.Attempts);
        var objects = engine.Store.FindObjects(attempts.Keys);
        foreach (var gone in attempts.Keys.Except(objects.Select(o => o.ObjectId)))
            engine.Log.Debug($"fetch queue: object {gone} is gone; skipped");

        foreach (var jobObjects in objects.GroupBy(o => o.JobId))
        {
            try
            {
                var open = jobObjects.Where(o => o.State is not (ObjectState.Complete or ObjectState.Error))
                    .Select(o => o with { Attempts = attempts[o.ObjectId] }).OrderBy(o => o.Sequence).ToList();
                await ProcessJobObjectsAsync(engine, jobObjects.Key, open, cancellationToken);
            }
            catch (JobAbortedException)
            {
                engine.Log.Info($"fetch queue: job {jobObjects.Key} was aborted; its objects were dropped");
                continue;
            }
            engine.Jobs.TryFinish(jobObjects.Key);
        }
    }

    private static async Task ProcessJobObjectsAsync(HarvestEngine engine, string jobId, List<HarvestObject> open, CancellationToken cancellationToken)
    {
        var job = engine.Store.FindJobWithoutStats(jobId)!;
        if (job.Status != JobStatus.Running || open.Count == 0) return;

        JobRun run;
        try
        {
            run = engine.Jobs.CreateRun(job);
        }
        catch (Harvesters.UnknownSourceTypeException e)
        {
            FailAll(engine, job, open, $"{e.Message}; this fetch consumer cannot fetch or import it");
            return;
        }
        var maxAttempts = engine.Settings.MqMaxAttempts;
        var spent = open.Where(o => o.Attempts > maxAttempts).ToList();
        var fetchedEarlier = open.Where(o => o.Attempts <= maxAttempts && o.State == ObjectState.Import).ToList();
        var results = await FetchStage.FetchPageAsync(run,
            [.. open.Where(o => o.Attempts <= maxAttempts && o.State is ObjectState.Waiting or ObjectState.Fetch)], cancellationToken);
        try
        {
            Write(run, spent, results, fetchedEarlier);
        }
        catch (Exception e) when (StoreErrors.IsTransient(e) && open.Count > 1)
        {
            // Another consumer's transaction held rows this batch needed, and PostgreSQL chose this one to give way:
            // everything was rolled back, so take the objects one at a time, each in a transaction too short to collide.
            run.Log.Debug($"batch of {open.Count} objects of job {jobId} rolled back ({ErrorText.Describe(e)}); writing them one by one");
            foreach (var harvestObject in spent)
                Write(run, [harvestObject], [], []);
            foreach (var result in results)
                Write(run, [], [result], []);
            foreach (var harvestObject in fetchedEarlier)
                Write(run, [], [], [harvestObject]);
        }
        foreach (var harvestObject in open)
            engine.Log.Debug($"object {harvestObject.ObjectId} ({harvestObject.Guid}) done");
        if (LargeContent.Any(open) || results.Any(r => LargeContent.Is(r.Content))) LargeContent.Release();
    }

    private static void Write(JobRun run, List<HarvestObject> spent, IReadOnlyList<FetchResult> results, List<HarvestObject> fetchedEarlier)
    {
        using var transaction = run.Store.BeginTransaction();
        // Fencing: a consumer that held its items past the visibility timeout may have been overtaken by another that took
        // them again; only the objects this attempt still holds are written, so none is imported twice.
        var mine = run.Store.ClaimObjects([.. spent.Concat(results.Select(r => r.Object)).Concat(fetchedEarlier).Select(o => (o.ObjectId, o.Attempts))]);
        if (mine.Count < spent.Count + results.Count + fetchedEarlier.Count)
        {
            var lost = spent.Concat(results.Select(r => r.Object)).Concat(fetchedEarlier).Where(o => !mine.Contains(o.ObjectId)).ToList();
            run.Log.Warning($"{lost.Count} objects of job {run.Job.JobId} were taken up again by another consumer (or ended) while this one held them: " +
                $"left to it ({string.Join(", ", lost.Take(5).Select(o => o.Guid))}{(lost.Count > 5 ? ", ..." : "")})");
            spent = [.. spent.Where(o => mine.Contains(o.ObjectId))];
            results = [.. results.Where(r => mine.Contains(r.Object.ObjectId))];
            fetchedEarlier = [.. fetchedEarlier.Where(o => mine.Contains(o.ObjectId))];
        }
        foreach (var harvestObject in spent)
            GiveUp(run, harvestObject);
        var importable = FetchStage.Record(run, results).Concat(fetchedEarlier).OrderBy(o => o.Sequence).ToList();
        if (importable.Count > 0) new ObjectImporter(run).ImportPage(importable, _ => false);
        run.Touch();
        transaction.Commit();
    }

    private static void FailAll(HarvestEngine engine, HarvestJob job, List<HarvestObject> open, string message)
    {
        using var transaction = engine.Store.BeginTransaction();
        foreach (var harvestObject in open)
        {
            engine.Store.UpdateObject(harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, FetchFinished = DateTimeOffset.UtcNow });
            engine.Store.InsertObjectError(new HarvestObjectError
            {
                ErrorId = Guid.NewGuid().ToString(), ObjectId = harvestObject.ObjectId, Stage = HarvestStage.Fetch, Message = message, Created = DateTimeOffset.UtcNow,
            });
        }
        transaction.Commit();
        engine.Log.Error($"job {job.JobId}: {open.Count} objects failed: {message}");
    }

    private static void GiveUp(JobRun run, HarvestObject harvestObject)
    {
        var attempts = harvestObject.Attempts - 1;
        run.Store.UpdateObject(harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, Attempts = attempts });
        run.AddObjectError(harvestObject, harvestObject.State == ObjectState.Import ? HarvestStage.Import : HarvestStage.Fetch,
            $"gave up after {attempts} attempts: each consumer that took this object stopped before finishing it (setting mq_max_attempts)");
        run.Log.Error($"object {harvestObject.ObjectId} ({harvestObject.Guid}): gave up after {attempts} attempts");
    }
}
