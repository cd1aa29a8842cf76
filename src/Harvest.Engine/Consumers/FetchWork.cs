using Harvest.Engine.Fetch;
using Harvest.Engine.Import;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;

namespace Harvest.Engine.Consumers;

/// <summary>
/// What a fetch consumer does with one object id: fetch, then import (as ckanext-harvest's fetch consumer),
/// skipping objects that already ended; an object taken up more than <c>mq_max_attempts</c> times fails.
/// Then the job is finished if this was its last object.
/// </summary>
public static class FetchWork
{
    public static async Task ProcessAsync(HarvestEngine engine, QueueItem item, CancellationToken cancellationToken)
    {
        var harvestObject = engine.Store.FindObject(item.Body);
        if (harvestObject is null)
        {
            engine.Log.Debug($"fetch queue: object {item.Body} is gone; skipped");
            return;
        }
        var job = engine.Store.FindJobWithoutStats(harvestObject.JobId)!;
        if (job.Status != JobStatus.Running || harvestObject.State is ObjectState.Complete or ObjectState.Error)
        {
            engine.Jobs.TryFinish(job.JobId);
            return;
        }

        var run = engine.Jobs.CreateRun(job);
        if (item.Attempts > engine.Settings.MqMaxAttempts)
        {
            GiveUp(run, harvestObject, item.Attempts - 1);
        }
        else
        {
            harvestObject = harvestObject with { Attempts = item.Attempts };
            if (harvestObject.State is ObjectState.Waiting or ObjectState.Fetch)
            {
                engine.Store.UpdateObject(harvestObject with { State = ObjectState.Fetch });
                harvestObject = await FetchStage.FetchOneAsync(run, harvestObject, cancellationToken);
            }
            if (harvestObject.State == ObjectState.Import)
                new ObjectImporter(run).Import(harvestObject, force: false);
            engine.Log.Debug($"object {harvestObject.ObjectId} ({harvestObject.Guid}) done");
        }
        engine.Jobs.TryFinish(job.JobId);
    }

    private static void GiveUp(Jobs.JobRun run, HarvestObject harvestObject, int attempts)
    {
        using var transaction = run.Store.BeginTransaction();
        run.Store.UpdateObject(harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, Attempts = attempts });
        run.AddObjectError(harvestObject, harvestObject.State == ObjectState.Import ? HarvestStage.Import : HarvestStage.Fetch,
            $"gave up after {attempts} attempts: each consumer that took this object stopped before finishing it (setting mq_max_attempts)");
        transaction.Commit();
        run.Log.Error($"object {harvestObject.ObjectId} ({harvestObject.Guid}): gave up after {attempts} attempts");
    }
}
