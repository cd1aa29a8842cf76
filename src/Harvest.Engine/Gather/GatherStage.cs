using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Jobs;
using Harvest.Engine.Import;
using Harvest.Engine.Model;

namespace Harvest.Engine.Gather;

/// <summary>
/// Lists the remote records and creates one object per record, written in batches; a record found unchanged is only
/// counted (see <see cref="SettleUnchanged"/>). A gather that fails leaves a gather error and no objects, so nothing
/// already imported is touched. After a complete listing,
/// datasets of the source that the listing no longer holds get a delete object, unless the harvester says
/// (<see cref="GatherContext.DeleteMissingDatasets"/>) that its source keeps them.
/// </summary>
internal static class GatherStage
{
    private const int BatchSize = 500;
    /// <summary>Fewer objects than this leave the planner's statistics as they were (an unchanged re-harvest writes none).</summary>
    private const int RefreshStatisticsAfter = 1000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public static async Task<bool> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        run.Job = run.Job with { Status = JobStatus.Running, GatherStarted = started, LastAction = started };
        run.Store.UpdateJob(run.Job);
        run.Log.Info($"gather of job {run.Job.JobId} for source '{run.Source.Name}' started: {run.Source.Url}");

        var context = new GatherContext(run.Source, run.Job, run.Config, run.Documents)
        {
            LastErrorFreeJob = run.Store.FindLastErrorFreeJob(run.Source.SourceId),
            Log = run.Log,
            MaxPages = run.MaxPages,
            Conditional = run.Conditional,
        };
        var skipped = new Dictionary<RecordSkipKind, int>();
        var unchanged = new UnchangedGuids();
        var sequence = run.Store.NextObjectSequence(run.Job.JobId);
        var gathered = 0;
        var sawLarge = false;
        try
        {
            (gathered, sequence, sawLarge) = await ListAsync(run, context, skipped, unchanged, sequence, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not JobAbortedException)
        {
            Fail(run, ErrorText.Describe(e));
            return false;
        }

        // The last record stays referenced until the listing ends: a large one's memory goes back only now.
        if (sawLarge) LargeContent.Release();
        run.SaveDownloadedDocuments();
        if (context.CatalogNotModifiedSince is { } since && gathered == 0)
        {
            NotModified(run, since);
            return true;
        }
        if (gathered - unchanged.Count >= RefreshStatisticsAfter) run.Store.RefreshStatistics();
        foreach (var reason in context.IncompleteReasons)
        {
            run.Store.InsertGatherWarning(run.Job.JobId, $"incomplete listing, nothing deleted: {reason}", DateTimeOffset.UtcNow);
            run.Log.Warning($"gather of job {run.Job.JobId}: incomplete listing, nothing deleted: {reason}");
        }
        var deletions = 0;
        if (context.ListingIsComplete && context.DeleteMissingDatasets)
        {
            // When every active dataset's record was listed unchanged, none is missing: no need to list them all.
            var missing = unchanged.DistinctCount == run.Store.CountActiveDatasets(run.Source.SourceId)
                ? []
                : run.Store.ListDatasetsMissingFromJob(run.Source.SourceId, run.Job.JobId).Where(dataset => !unchanged.Contains(dataset.Guid)).ToList();
            if (DeletionGuard.Refuses(run, gathered, missing.Count) is { } refusal)
            {
                Fail(run, refusal);
                return false;
            }
            deletions = AddDeleteObjects(run, missing, sequence);
        }
        Finish(run);
        run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Gather, gathered, gathered));
        run.Log.Info($"gather of job {run.Job.JobId} found {gathered} records; {deletions} datasets are no longer listed" +
            (skipped.Count == 0 ? "" : "; skipped: " + string.Join(", ", skipped.Select(s => $"{s.Value} {Skipped(s.Key)}"))));
        return true;
    }

    /// <summary>
    /// The whole catalog is the one the job <paramref name="since"/> imported (HTTP 304): every active dataset counts as not
    /// modified, with no object written for it, and nothing is deleted.
    /// </summary>
    private static void NotModified(JobRun run, KnownDocument since)
    {
        var active = run.Store.CountActiveDatasets(run.Source.SourceId);
        var message = $"catalog not modified since job {since.JobId}" +
            (since.JobFinished is { } finished ? $" of {finished.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "") +
            $" (HTTP 304): its {active} active datasets count as not modified; nothing was fetched, imported or deleted";
        using (var transaction = run.Store.BeginTransaction())
        {
            run.Store.AddNotModifiedUnlisted(run.Job.JobId, active);
            run.Store.InsertGatherWarning(run.Job.JobId, message, DateTimeOffset.UtcNow);
            transaction.Commit();
        }
        run.Log.Info($"gather of job {run.Job.JobId}: {message}");
        Finish(run);
        run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Gather, 0, 0));
    }

    /// <summary>
    /// Writes an object for every record the harvester lists; returns how many, the next sequence number and whether any
    /// record was large. A method of its own so that its last record is unreachable once it returns.
    /// </summary>
    private static async Task<(int Gathered, int Sequence, bool SawLarge)> ListAsync(JobRun run, GatherContext context,
        Dictionary<RecordSkipKind, int> skipped, UnchangedGuids unchanged, int sequence, CancellationToken cancellationToken)
    {
        var sinceWrite = System.Diagnostics.Stopwatch.StartNew();
        var batch = new List<(HarvestObject Object, GatheredRecord Record)>(BatchSize);
        var gathered = 0;
        var sawLarge = false;
        await using var records = run.Harvester.GatherAsync(context, cancellationToken).GetAsyncEnumerator(cancellationToken);
        void Flush()
        {
            Write(run, batch, unchanged);
            sinceWrite.Restart();
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Gather, gathered, null));
        }
        while (true)
        {
            // A slow source still shows its progress: what was gathered is written at least once a second, also
            // while the harvester waits for its next page.
            var next = records.MoveNextAsync();
            if (!next.IsCompleted && batch.Count > 0)
            {
                var moving = next.AsTask();
                var wait = ProgressInterval - sinceWrite.Elapsed;
                if (wait > TimeSpan.Zero) await Task.WhenAny(moving, Task.Delay(wait, cancellationToken));
                if (!moving.IsCompleted) Flush();
                next = new ValueTask<bool>(moving);
            }
            if (!await next) break;
            var record = records.Current;
            if (record.Skipped is { } skip)
            {
                skipped[skip.Kind] = skipped.GetValueOrDefault(skip.Kind) + 1;
                run.Log.Debug($"record '{record.Guid}' skipped ({skip.Kind}): {skip.Reason}");
                continue;
            }
            if (gathered == run.MaxRecords)
                throw new HarvestException($"{run.Source.Url} listed more than {run.MaxRecords:N0} records: a listing that never ends is stopped here " +
                    "(setting max_records_per_source)");
            batch.Add((NewObject(run, record, sequence++), record));
            var large = LargeContent.Is(record.Content);
            if (large)
            {
                sawLarge = true;
                // The harvester produced this record on frames below this one (a read of the source completed them);
                // leave them, so that what they hold of the record (its UTF-8) can go while this one is written.
                await Task.Yield();
            }
            gathered++;
            // A large record is written with the next one (or at the end): until then the harvester still holds its UTF-8.
            if (batch.Count == BatchSize || (sinceWrite.Elapsed >= ProgressInterval && !large)) Flush();
        }
        // The listing's last read resumed this method on top of the harvester's frames, whose unoptimized code may still
        // hold the last record; the last batch is written, and the caller goes on (to fetch and import), from fresh frames.
        await Task.Yield();
        Write(run, batch, unchanged);
        await Task.Yield();
        return (gathered, sequence, sawLarge);
    }

    private static HarvestObject NewObject(JobRun run, GatheredRecord record, int sequence) => new()
    {
        ObjectId = Guid.NewGuid().ToString(),
        JobId = run.Job.JobId,
        SourceId = run.Source.SourceId,
        Guid = record.Guid,
        Sequence = sequence,
        State = record.Error is null ? ObjectState.Waiting : ObjectState.Error,
        ReportStatus = record.Error is null ? ReportStatus.None : ReportStatus.Errored,
        Content = record.Content,
        Gathered = DateTimeOffset.UtcNow,
        Extras = ExtrasOf(record),
    };

    /// <summary>The harvester's extras, with the engine's own for the record's warning and source date.</summary>
    private static IReadOnlyDictionary<string, string> ExtrasOf(GatheredRecord record)
    {
        if (record.Warning is null && record.Modified is null) return record.Extras;
        var extras = new Dictionary<string, string>(record.Extras, StringComparer.Ordinal);
        if (record.Warning is not null) extras[ObjectExtras.Warning] = record.Warning;
        if (record.Modified is { } modified) extras[ObjectExtras.SourceModified] = ObjectExtras.FormatDate(modified);
        return extras;
    }

    /// <summary>
    /// Writes the objects of a batch, except those of unchanged records: the job only counts them, and
    /// <paramref name="unchanged"/> keeps their guids for the end of the listing, so that their datasets are not missing.
    /// </summary>
    private static void Write(JobRun run, List<(HarvestObject Object, GatheredRecord Record)> batch, UnchangedGuids unchanged)
    {
        if (batch.Count == 0) return;
        using (var transaction = run.Store.BeginTransaction())
        {
            // What listing a large record left behind (its UTF-8, the parse) goes before the insert makes copies of its own.
            if (LargeContent.Any(batch.Select(b => b.Object))) LargeContent.Release();
            SettleListedUnchanged(run, batch);
            var settled = SettleUnchanged(run, [.. batch.Select(b => b.Object)]);
            var notModified = settled.Where(o => o.ReportStatus == ReportStatus.NotModified).ToList();
            foreach (var o in notModified) unchanged.Add(o.Guid);
            if (notModified.Count > 0) run.Store.AddNotModifiedUnlisted(run.Job.JobId, notModified.Count);
            run.Store.InsertObjects(notModified.Count == 0 ? settled : [.. settled.Where(o => o.ReportStatus != ReportStatus.NotModified)]);
            foreach (var (harvestObject, record) in batch.Where(b => b.Record.Error is not null))
                run.AddObjectError(harvestObject, HarvestStage.Gather, record.Error!, record.Line);
            run.Touch();
            transaction.Commit();
        }
        foreach (var (_, record) in batch.Where(b => b.Record.Error is not null || b.Record.Warning is not null))
            run.Log.Warning(record.Error ?? $"record '{record.Guid}' is harvested despite: {record.Warning}");
        batch.Clear();
    }

    /// <summary>
    /// A record listed by a document the server answered 304 for is its dataset's current object again: not modified, and
    /// written as no object of its own. One without a current object cannot be made from nothing: it errs, and the document's validators are dropped
    /// so that the next job reads it whole.
    /// </summary>
    private static void SettleListedUnchanged(JobRun run, List<(HarvestObject Object, GatheredRecord Record)> batch)
    {
        if (!batch.Any(b => b.Record.NotModifiedSince is not null)) return;
        var current = RecordRules.Baselines(run.Store, run.Source.SourceId,
            [.. batch.Where(b => b.Record.NotModifiedSince is not null).Select(b => b.Object.Guid)]);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < batch.Count; i++)
        {
            var (o, record) = batch[i];
            if (record.NotModifiedSince is not { } since || o.State != ObjectState.Waiting) continue;
            if (current.TryGetValue(o.Guid, out var known))
            {
                batch[i] = (o with
                {
                    State = ObjectState.Complete, ReportStatus = ReportStatus.NotModified, ContentHash = known.ContentHash, DatasetId = known.DatasetId,
                    FetchFinished = now, ImportFinished = now,
                }, record);
                continue;
            }
            run.Store.ForgetDocument(run.Source.SourceId, since.Url);
            var error = $"'{o.Guid}' is listed by {since.Url}, not modified since job {since.JobId} (HTTP 304), but the source holds no " +
                "current copy of it: the next harvest reads that document whole";
            batch[i] = (o with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored }, record with { Error = error });
        }
    }

    /// <summary>
    /// A record that has not changed since its active dataset's current object ends here, not modified: it needs neither
    /// fetch nor import, and no object of its own is written for it (the current object has its content), so a re-harvest
    /// of an unchanged catalog writes nothing but the job's counts. A record gathered with its content is compared first by the hash of its
    /// raw text (no parsing), then by its canonical hash; one gathered without content, by the date its source gives it
    /// (<see cref="GatheredRecord.Modified"/>), so that it is not even downloaded. Never for a guid the run must import anyway.
    /// Every object gathered with content gets its raw-text hash here, for the next harvest to compare with.
    /// </summary>
    private static List<HarvestObject> SettleUnchanged(JobRun run, List<HarvestObject> objects)
    {
        bool Comparable(HarvestObject o) => o.State == ObjectState.Waiting && !run.ForceImportGuids.Contains(o.Guid)
            && (o.Content is not null || o.Extras.ContainsKey(ObjectExtras.SourceModified));
        var candidates = objects.Where(Comparable).ToList();
        var current = candidates.Count == 0
            ? new Dictionary<string, Store.CurrentHash>()
            : RecordRules.Baselines(run.Store, run.Source.SourceId, [.. candidates.Select(o => o.Guid)]);
        var now = DateTimeOffset.UtcNow;
        var settled = objects.ToArray();
        // One thread: the harvester reads its next page on another (CKAN reads ahead), and spreading 500 hashes over the
        // thread pool cost more in its workers' spinning than it saved, on two cores.
        for (var i = 0; i < settled.Length; i++)
        {
            var o = settled[i];
            if (o.Content is not null) settled[i] = o = o with { RawHash = RecordRules.RawHash(o.Content) };
            if (!Comparable(o) || !current.TryGetValue(o.Guid, out var known)) continue;
            string hash;
            if (o.Content is null)
            {
                if (!RecordRules.IsUnchangedSince(ObjectExtras.ParseDate(o.Extras[ObjectExtras.SourceModified]), known)) continue;
                hash = known.ContentHash;
            }
            else if (o.RawHash == known.RawHash)
                hash = known.ContentHash;
            else if (!RecordRules.TryHash(run.Harvester, o.Content, out hash, out _) || !RecordRules.IsUnchanged(hash, known))
                continue; // fetch reports content it cannot read
            settled[i] = o with
            {
                State = ObjectState.Complete, ReportStatus = ReportStatus.NotModified, ContentHash = hash, DatasetId = known.DatasetId,
                Content = null, FetchFinished = now, ImportFinished = now,
            };
        }
        return [.. settled];
    }

    private static string Skipped(RecordSkipKind kind) => kind switch
    {
        RecordSkipKind.Filtered => "filtered out by the source config",
        RecordSkipKind.Excluded => "excluded by the source config",
        _ => "not datasets",
    };

    /// <summary>A gather that fails leaves a gather error and no objects, so nothing already imported is touched.</summary>
    private static void Fail(JobRun run, string message)
    {
        run.Store.DeleteJobObjects(run.Job.JobId);
        run.Store.InsertGatherError(new HarvestGatherError
        {
            ErrorId = Guid.NewGuid().ToString(), JobId = run.Job.JobId, Message = message, Created = DateTimeOffset.UtcNow,
        });
        run.Log.Error($"gather of job {run.Job.JobId} failed: {message}");
        Finish(run);
    }

    private static int AddDeleteObjects(JobRun run, IReadOnlyList<Store.DatasetKey> missing, int sequence)
    {
        var objects = missing.Select(dataset => new HarvestObject
        {
            ObjectId = Guid.NewGuid().ToString(),
            JobId = run.Job.JobId,
            SourceId = run.Source.SourceId,
            Guid = dataset.Guid,
            Sequence = sequence++,
            State = ObjectState.Import,
            DatasetId = dataset.DatasetId,
            Gathered = DateTimeOffset.UtcNow,
            Extras = new Dictionary<string, string> { [ObjectExtras.Status] = ObjectExtras.DeleteStatus },
        }).ToList();
        using var transaction = run.Store.BeginTransaction();
        run.Store.InsertObjects(objects);
        transaction.Commit();
        return missing.Count;
    }

    private static void Finish(JobRun run)
    {
        run.Job = run.Job with { GatherFinished = DateTimeOffset.UtcNow, LastAction = DateTimeOffset.UtcNow };
        run.Store.UpdateJob(run.Job);
    }
}
