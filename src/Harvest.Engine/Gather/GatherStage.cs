using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Import;
using Harvest.Engine.Model;

namespace Harvest.Engine.Gather;

/// <summary>
/// Lists the remote records and creates one object per record, written in batches. A gather that fails
/// leaves a gather error and no objects, so nothing already imported is touched. After a complete listing,
/// datasets of the source that the listing no longer holds get a delete object, unless the harvester says
/// (<see cref="GatherContext.DeleteMissingDatasets"/>) that its source keeps them.
/// </summary>
internal static class GatherStage
{
    private const int BatchSize = 500;

    public static async Task<bool> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        run.Job = run.Job with { Status = JobStatus.Running, GatherStarted = started, LastAction = started };
        run.Store.UpdateJob(run.Job);
        run.Log.Info($"gather of job {run.Job.JobId} for source '{run.Source.Name}' started: {run.Source.Url}");

        var context = new GatherContext(run.Source, run.Job, run.Config, run.Documents)
        {
            LastErrorFreeJob = run.Store.FindLastErrorFreeJob(run.Source.SourceId),
        };
        var batch = new List<(HarvestObject Object, GatheredRecord Record)>(BatchSize);
        var sequence = run.Store.NextObjectSequence(run.Job.JobId);
        var gathered = 0;
        try
        {
            await foreach (var record in run.Harvester.GatherAsync(context, cancellationToken))
            {
                if (record.Skipped is { } skip)
                {
                    run.Log.Debug($"record '{record.Guid}' {skip.Kind.ToString().ToLowerInvariant()} by the source config: {skip.Reason}");
                    continue;
                }
                batch.Add((NewObject(run, record, sequence++), record));
                gathered++;
                if (batch.Count == BatchSize)
                {
                    Write(run, batch);
                    run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Gather, gathered, null));
                }
            }
            Write(run, batch);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not JobAbortedException)
        {
            run.Store.DeleteJobObjects(run.Job.JobId);
            var message = ErrorText.Describe(e);
            run.Store.InsertGatherError(new HarvestGatherError
            {
                ErrorId = Guid.NewGuid().ToString(), JobId = run.Job.JobId, Message = message, Created = DateTimeOffset.UtcNow,
            });
            run.Log.Error($"gather of job {run.Job.JobId} failed: {message}");
            Finish(run);
            return false;
        }

        foreach (var warning in context.Warnings) run.Log.Warning($"gather of job {run.Job.JobId}: {warning}");
        run.Store.RefreshStatistics();
        var deletions = context.ListingIsComplete && context.DeleteMissingDatasets ? AddDeleteObjects(run, sequence) : 0;
        Finish(run);
        run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Gather, gathered, gathered));
        run.Log.Info($"gather of job {run.Job.JobId} found {gathered} records; {deletions} datasets are no longer listed");
        return true;
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

    private static void Write(JobRun run, List<(HarvestObject Object, GatheredRecord Record)> batch)
    {
        if (batch.Count == 0) return;
        using (var transaction = run.Store.BeginTransaction())
        {
            run.Store.InsertObjects(SettleUnchanged(run, [.. batch.Select(b => b.Object)]));
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
    /// A record that has not changed since its active dataset's current object ends here, not modified: it needs neither
    /// fetch nor import, so a re-harvest of an unchanged catalog writes its objects and is done. A record gathered with
    /// its content is compared by content hash; one gathered without content, by the date its source gives it
    /// (<see cref="GatheredRecord.Modified"/>), so that it is not even downloaded. Never for a guid the run must import anyway.
    /// </summary>
    private static List<HarvestObject> SettleUnchanged(JobRun run, List<HarvestObject> objects)
    {
        bool Comparable(HarvestObject o) => o.State == ObjectState.Waiting && !run.ForceImportGuids.Contains(o.Guid)
            && (o.Content is not null || o.Extras.ContainsKey(ObjectExtras.SourceModified));
        var candidates = objects.Where(Comparable).ToList();
        if (candidates.Count == 0) return objects;
        var current = RecordRules.Baselines(run.Store, run.Source.SourceId, [.. candidates.Select(o => o.Guid)]);
        if (current.Count == 0) return objects;
        var now = DateTimeOffset.UtcNow;
        var settled = objects.ToArray();
        // Hashing is the CPU of an unchanged re-harvest: spread over the cores (the objects stay in order).
        Parallel.For(0, settled.Length, i =>
        {
            var o = settled[i];
            if (!Comparable(o) || !current.TryGetValue(o.Guid, out var known)) return;
            string hash;
            if (o.Content is null)
            {
                if (!RecordRules.IsUnchangedSince(ObjectExtras.ParseDate(o.Extras[ObjectExtras.SourceModified]), known)) return;
                hash = known.ContentHash;
            }
            else if (!RecordRules.TryHash(run.Harvester, o.Content, out hash, out _) || !RecordRules.IsUnchanged(hash, known))
                return; // fetch reports content it cannot read
            settled[i] = o with
            {
                State = ObjectState.Complete, ReportStatus = ReportStatus.NotModified, ContentHash = hash, DatasetId = known.DatasetId,
                FetchFinished = now, ImportFinished = now,
            };
        });
        return [.. settled];
    }

    private static int AddDeleteObjects(JobRun run, int sequence)
    {
        var missing = run.Store.ListDatasetsMissingFromJob(run.Source.SourceId, run.Job.JobId);
        var objects = missing.Select(dataset => new HarvestObject
        {
            ObjectId = Guid.NewGuid().ToString(),
            JobId = run.Job.JobId,
            SourceId = run.Source.SourceId,
            Guid = dataset.Guid ?? "",
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
