using Harvest.Engine.Jobs;
using Harvest.Engine.Json;
using Harvest.Engine.Model;

namespace Harvest.Engine.Fetch;

/// <summary>
/// Gets the content of every waiting object of a job: several at once (a harvester's fetch may do I/O),
/// results written by the calling thread in one transaction per page. A failure marks that object Error.
/// </summary>
public static class FetchStage
{
    private const int PageSize = 200;
    private const int Concurrency = 4;

    public static async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var total = run.Store.CountObjectsByState(run.Job.JobId).GetValueOrDefault(ObjectState.Waiting);
        var done = 0;
        var after = -1;
        while (true)
        {
            var page = run.Store.ListObjects(new(JobId: run.Job.JobId, State: ObjectState.Waiting, AfterSequence: after, Limit: PageSize));
            if (page.Count == 0) break;
            after = page[^1].Sequence;

            var results = new (HarvestObject Object, string? Content, string? Error)[page.Count];
            var context = run.Context();
            await Parallel.ForEachAsync(Enumerable.Range(0, page.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, token) => results[i] = await FetchOneAsync(run, context, page[i], token));

            using (var transaction = run.Store.BeginTransaction())
            {
                foreach (var (harvestObject, content, error) in results)
                    Save(run, harvestObject, content, error);
                run.Touch();
                transaction.Commit();
            }
            done += page.Count;
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Fetch, done, total));
        }
    }

    /// <summary>Fetches one object and stores the outcome (used by fetch consumers); returns the object as stored.</summary>
    public static async Task<HarvestObject> FetchOneAsync(JobRun run, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        var (_, content, error) = await FetchOneAsync(run, run.Context(), harvestObject, cancellationToken);
        using var transaction = run.Store.BeginTransaction();
        Save(run, harvestObject, content, error);
        run.Touch();
        transaction.Commit();
        return run.Store.FindObject(harvestObject.ObjectId)!;
    }

    private static async Task<(HarvestObject, string?, string?)> FetchOneAsync(
        JobRun run, Harvesters.HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        try
        {
            var content = await run.Harvester.FetchAsync(context, harvestObject, cancellationToken);
            return (harvestObject, content, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return (harvestObject, null, ErrorText.Describe(e));
        }
    }

    private static void Save(JobRun run, HarvestObject harvestObject, string? content, string? error)
    {
        if (error is null)
        {
            try
            {
                run.Store.UpdateObject(harvestObject with
                {
                    State = ObjectState.Import, Content = content, ContentHash = CanonicalJson.Hash(content!), FetchFinished = DateTimeOffset.UtcNow,
                });
                return;
            }
            catch (System.Text.Json.JsonException e)
            {
                error = $"the fetched content is not valid JSON: {e.Message}";
            }
        }
        run.Store.UpdateObject(harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, FetchFinished = DateTimeOffset.UtcNow });
        run.AddObjectError(harvestObject, HarvestStage.Fetch, error);
        run.Log.Warning($"fetch of '{harvestObject.Guid}' failed: {error}");
    }
}
