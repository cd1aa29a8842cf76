using Harvest.Engine.Gather;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.Engine.Import;

/// <summary>
/// Turns fetched objects into datasets of the local catalog: created, updated, left alone when the
/// content hash matches the current object's, or soft-deleted. One transaction per page of objects;
/// a failure on one object marks it Error and the page goes on.
/// </summary>
public static class ImportStage
{
    private const int PageSize = 200;

    public static void Run(JobRun run, CancellationToken cancellationToken)
    {
        var total = run.Store.CountObjectsByState(run.Job.JobId).GetValueOrDefault(ObjectState.Import);
        var done = 0;
        var after = -1;
        var importer = new ObjectImporter(run);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = run.Store.ListObjects(new(JobId: run.Job.JobId, State: ObjectState.Import, AfterSequence: after, Limit: PageSize));
            if (page.Count == 0) break;
            after = page[^1].Sequence;
            using (var transaction = run.Store.BeginTransaction())
            {
                foreach (var harvestObject in page)
                    importer.Import(harvestObject, run.ForceImportGuids.Contains(harvestObject.Guid));
                run.Touch();
                transaction.Commit();
            }
            done += page.Count;
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Import, done, total));
        }
    }
}

/// <summary>Imports one object at a time; also used to re-import stored objects.</summary>
public sealed class ObjectImporter(JobRun run)
{
    private readonly DatasetNamer _namer = new(run.Store, run.NameSuffixStyle);

    public ReportStatus Import(HarvestObject harvestObject, bool force)
    {
        try
        {
            // One object's writes land together or not at all; a failure leaves the page's transaction usable.
            using var objectWrites = run.Store.BeginTransaction();
            var (status, datasetId) = harvestObject.Extras.GetValueOrDefault(GatherStage.StatusExtra) == GatherStage.DeleteStatus
                ? Delete(harvestObject)
                : CreateOrUpdate(harvestObject, force);
            var done = harvestObject with
            {
                State = ObjectState.Complete, ReportStatus = status, DatasetId = datasetId, ImportFinished = DateTimeOffset.UtcNow,
                // Only an object whose content made the dataset becomes current. A delete object has no content: the
                // object the deleted dataset was built from stays current, so that it can be re-imported or kept by
                // clear-history --keep-current.
                Current = status is ReportStatus.Added or ReportStatus.Updated || harvestObject.Current,
            };
            run.Store.UpdateObject(done);
            if (done.Current) run.Store.MakeCurrent(done);
            objectWrites.Commit();
            return status;
        }
        catch (Exception e)
        {
            var message = ErrorText.Describe(e);
            run.Store.UpdateObject(harvestObject with
            {
                State = ObjectState.Error, ReportStatus = ReportStatus.Errored, ImportFinished = DateTimeOffset.UtcNow,
            });
            run.AddObjectError(harvestObject, HarvestStage.Import, message);
            run.Log.Warning($"import of '{harvestObject.Guid}' failed: {message}");
            return ReportStatus.Errored;
        }
    }

    private (ReportStatus, string?) Delete(HarvestObject harvestObject)
    {
        var dataset = run.Store.FindDatasetByGuid(run.Source.SourceId, harvestObject.Guid);
        if (dataset is null || dataset.State == DatasetState.Deleted)
            return (ReportStatus.NotModified, dataset?.DatasetId);
        run.Store.UpdateDataset(dataset with { State = DatasetState.Deleted, MetadataModified = DateTimeOffset.UtcNow });
        run.Log.Info($"dataset '{dataset.Name}' ({harvestObject.Guid}) is no longer in the source: marked deleted");
        return (ReportStatus.Deleted, dataset.DatasetId);
    }

    private (ReportStatus, string?) CreateOrUpdate(HarvestObject harvestObject, bool force)
    {
        var dataset = run.Store.FindDatasetByGuid(run.Source.SourceId, harvestObject.Guid);
        if (!force && dataset is { State: DatasetState.Active })
        {
            var current = run.Store.FindCurrentObject(run.Source.SourceId, harvestObject.Guid);
            if (current is not null && current.ObjectId != harvestObject.ObjectId && current.ContentHash == harvestObject.ContentHash)
                return (ReportStatus.NotModified, dataset.DatasetId);
        }

        var draft = run.Harvester.Import(run.Context(), harvestObject);
        // DCAT-US collections (isPartOf): link a child to its parent's dataset, or fail it naming the parent.
        if (string.Equals(run.Source.Type, Harvesters.DataJson.DataJsonHarvester.TypeName, StringComparison.OrdinalIgnoreCase))
            draft = Harvesters.DataJson.Collections.Link(run.Store, run.Source, harvestObject.Guid, draft);
        if (string.IsNullOrWhiteSpace(draft.Title))
            throw new HarvestException($"record '{harvestObject.Guid}' has no title");
        var organizationTitle = draft.OrganizationTitle ?? run.Source.Organization;
        var organization = string.IsNullOrWhiteSpace(organizationTitle)
            ? null
            : run.Store.EnsureGroup(
                draft.OrganizationName is { Length: > 0 } && draft.OrganizationTitle is not null ? draft.OrganizationName : DatasetNamer.Slug(organizationTitle),
                organizationTitle, isOrganization: true).Name;
        var groups = draft.Groups.Select(g => run.Store.EnsureGroup(DatasetNamer.Slug(g), g, isOrganization: false).Name).Distinct().ToList();
        var now = DateTimeOffset.UtcNow;

        var imported = new Dataset
        {
            DatasetId = dataset?.DatasetId ?? Guid.NewGuid().ToString(),
            Name = dataset?.Name ?? _namer.UniqueName(string.IsNullOrWhiteSpace(draft.Name) ? draft.Title : draft.Name),
            Title = draft.Title,
            Notes = draft.Notes,
            Url = draft.Url,
            Tags = draft.Tags,
            Groups = groups,
            Organization = organization,
            Extras = draft.Extras,
            Resources = draft.Resources,
            State = DatasetState.Active,
            SourceId = run.Source.SourceId,
            Guid = harvestObject.Guid,
            MetadataCreated = dataset?.MetadataCreated ?? now,
            MetadataModified = now,
        };
        if (dataset is null)
        {
            InsertWithFreeName(imported, string.IsNullOrWhiteSpace(draft.Name) ? draft.Title : draft.Name);
            return (ReportStatus.Added, imported.DatasetId);
        }
        run.Store.UpdateDataset(imported);
        if (dataset.State == DatasetState.Deleted)
            run.Log.Info($"dataset '{dataset.Name}' ({harvestObject.Guid}) is back in the source: restored");
        return (ReportStatus.Updated, imported.DatasetId);
    }

    /// <summary>
    /// Inserts a new dataset; when another consumer took the same name between the check and the insert,
    /// takes the next free name (a few times, then gives up with the store's error).
    /// </summary>
    private void InsertWithFreeName(Dataset dataset, string nameSource)
    {
        for (var attempt = 1; ; attempt++)
        {
            var insert = run.Store.BeginTransaction();
            try
            {
                run.Store.InsertDataset(dataset);
                insert.Commit();
                return;
            }
            catch (System.Data.Common.DbException)
            {
                // Undo the failed insert first: PostgreSQL answers nothing else until then.
                insert.Dispose();
                if (attempt == 5 || !run.Store.DatasetNameTaken(dataset.Name)) throw;
                dataset = dataset with { Name = _namer.UniqueName(nameSource) };
            }
            finally
            {
                insert.Dispose();
            }
        }
    }
}
