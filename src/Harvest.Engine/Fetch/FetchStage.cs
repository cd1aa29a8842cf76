using Harvest.Engine.Jobs;
using Harvest.Engine.Import;
using Harvest.Engine.Model;

namespace Harvest.Engine.Fetch;

/// <summary>
/// Gets the content of every waiting object of a job: several at once (a harvester's fetch may do I/O),
/// results written by the calling thread in one transaction per page. A failure marks that object Error.
/// Fetch consumers use the same steps for each batch of queue items they take.
/// </summary>
internal static class FetchStage
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

            var results = await FetchPageAsync(run, page, cancellationToken);
            // The last fetch to finish resumes this method on its own thread, and the rest of the job (the next pages, the
            // import) would run on top of the frames of that fetch and of the page's loop, which keep its contents reachable.
            await Task.Yield();
            using (var transaction = run.Store.BeginTransaction())
            {
                run.Store.UpdateObjectsProgress(Record(run, results));
                run.Touch();
                transaction.Commit();
            }
            done += page.Count;
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Fetch, done, total));
            if (LargeContent.Any(page))
            {
                (page, results) = ([], []); // locals of an async method live on in its state machine
                await Task.Yield(); // and in temporaries of this frame, when unoptimized
                LargeContent.Release();
            }
        }
        // The caller goes on (to the import) on the thread that completes this method, on top of its frame, whose
        // unoptimized code may still hold the last page read in a temporary: completing on a fresh frame leaves it behind.
        await Task.Yield();
    }

    /// <summary>Fetches a page of objects, several at once; writes nothing.</summary>
    public static async Task<IReadOnlyList<FetchResult>> FetchPageAsync(JobRun run, IReadOnlyList<HarvestObject> page, CancellationToken cancellationToken)
    {
        var results = new FetchResult[page.Count];
        var context = run.Context();
        await Parallel.ForEachAsync(Enumerable.Range(0, page.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await FetchOneAsync(run, context, page[i], token));
        return results;
    }

    /// <summary>
    /// Records what fetch gave: a failure marks its object Error with its message; a fetched object moves to Import with its
    /// content hash, its content written only when fetch changed it. Returns the fetched objects, whose new state the caller
    /// writes (<see cref="Store.IHarvestStore.UpdateObjectsProgress"/>) or imports.
    /// </summary>
    public static List<HarvestObject> Record(JobRun run, IReadOnlyList<FetchResult> results)
    {
        run.SaveDownloadedDocuments();
        var fetched = new List<HarvestObject>(results.Count);
        var unchanged = results.Where(r => r.NotModifiedSince is not null).ToList();
        var baselines = unchanged.Count == 0
            ? new Dictionary<string, Store.CurrentHash>()
            : RecordRules.Baselines(run.Store, run.Source.SourceId, [.. unchanged.Select(r => r.Object.Guid)]);
        foreach (var (harvestObject, content, fetchError, since) in results)
        {
            if (since is not null && baselines.TryGetValue(harvestObject.Guid, out var known))
            {
                var now = DateTimeOffset.UtcNow;
                run.Store.UpdateObject(harvestObject with
                {
                    State = ObjectState.Complete, ReportStatus = ReportStatus.NotModified, ContentHash = known.ContentHash, DatasetId = known.DatasetId,
                    Content = null, FetchFinished = now, ImportFinished = now,
                });
                continue;
            }
            if (since is not null) run.Store.ForgetDocument(run.Source.SourceId, since.Url);
            var error = since is not null
                ? $"{since.Url} is not modified since job {since.JobId} (HTTP 304), but the source holds no current copy of '{harvestObject.Guid}' " +
                  "to keep: the next harvest reads it whole"
                : fetchError ?? (content is null ? $"the {run.Harvester.Info.Name} harvester returned no content" : null);
            if (error is null && RecordRules.TryHash(run.Harvester, content!, out var hash, out error))
            {
                var imported = harvestObject with
                {
                    State = ObjectState.Import, Content = content, ContentHash = hash, FetchFinished = DateTimeOffset.UtcNow,
                    RawHash = string.Equals(content, harvestObject.Content, StringComparison.Ordinal) && harvestObject.RawHash is not null
                        ? harvestObject.RawHash
                        : RecordRules.RawHash(content!),
                };
                if (!string.Equals(content, harvestObject.Content, StringComparison.Ordinal)) run.Store.UpdateObject(imported);
                fetched.Add(imported);
                continue;
            }
            run.Store.UpdateObject(harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, FetchFinished = DateTimeOffset.UtcNow });
            run.AddObjectError(harvestObject, HarvestStage.Fetch, error!);
            run.Log.Warning($"fetch of '{harvestObject.Guid}' failed: {error}");
        }
        return fetched;
    }

    private static async Task<FetchResult> FetchOneAsync(
        JobRun run, Harvesters.HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        try
        {
            var content = await run.Harvester.FetchAsync(context, harvestObject, cancellationToken);
            return new(harvestObject, content, null);
        }
        catch (Http.DocumentNotModifiedException e)
        {
            return new(harvestObject, null, null, e.Known);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new(harvestObject, null, ErrorText.Describe(e));
        }
    }
}

/// <summary>What fetching one object gave: its content, or why there is none, or that its document is not modified since a job.</summary>
internal sealed record FetchResult(HarvestObject Object, string? Content, string? Error, Http.KnownDocument? NotModifiedSince = null);
