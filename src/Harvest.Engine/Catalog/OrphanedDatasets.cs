using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine.Catalog;

/// <summary>
/// DKAN Harvest's "manage datasets": datasets a source orphaned (marked deleted because their record left the source or
/// was filtered out) can be published again or removed for good.
/// </summary>
public sealed class OrphanedDatasets(IHarvestStore store, HarvestSources sources)
{
    /// <summary>The source's orphaned datasets (all sources' when none is named), by name.</summary>
    public IReadOnlyList<Dataset> List(string? sourceIdOrName = null, int limit = LocalCatalog.MaxRows) =>
        store.SearchDatasets(new DatasetSearch
        {
            State = DatasetState.Deleted, SourceId = sourceIdOrName is null ? null : sources.Get(sourceIdOrName).SourceId,
            Sort = new DatasetSort(DatasetSortField.Name), Rows = limit,
        }).Datasets;

    /// <summary>
    /// Makes an orphaned dataset active again, as it was. Its record is still missing from the source, so the source's
    /// next complete harvest orphans it again unless the record comes back.
    /// </summary>
    public Dataset Republish(string datasetIdOrName)
    {
        var dataset = Orphan(datasetIdOrName, "re-publish");
        var republished = dataset with { State = DatasetState.Active, MetadataModified = DateTimeOffset.UtcNow };
        store.UpdateDataset(republished);
        return store.FindDataset(dataset.DatasetId)!;
    }

    /// <summary>
    /// Removes an orphaned dataset for good. Its harvest objects stay in the job history; if its record comes back, the
    /// next harvest creates a new dataset.
    /// </summary>
    public Dataset Delete(string datasetIdOrName)
    {
        var dataset = Orphan(datasetIdOrName, "delete");
        using var transaction = store.BeginTransaction();
        if (dataset is { SourceId: { } sourceId, Guid: { } guid }) store.ClearCurrent(sourceId, [guid]);
        store.DeleteDataset(dataset.DatasetId);
        transaction.Commit();
        return dataset;
    }

    private Dataset Orphan(string datasetIdOrName, string action)
    {
        var dataset = store.FindDataset(datasetIdOrName)
            ?? throw new HarvestNotFoundException(HarvestEntity.Dataset, $"no dataset has the id or name '{datasetIdOrName}'");
        if (dataset.State != DatasetState.Deleted)
            throw new HarvestConflictException($"dataset '{dataset.Name}' is active: only an orphaned (deleted) dataset can be {(action == "delete" ? "deleted for good" : "re-published")}");
        return dataset;
    }
}
