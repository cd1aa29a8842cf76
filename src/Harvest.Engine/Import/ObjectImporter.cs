using System.Runtime.CompilerServices;
using Harvest.Engine.Gather;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Import;

/// <summary>
/// Imports objects a page at a time (also used to re-import stored objects): the page's datasets and current
/// objects are looked up in one go, each object's dataset write is its own savepoint, and the objects' new
/// states are written together at the end. Call it inside a transaction: the page lands as a whole.
/// </summary>
/// <param name="run">The job the objects belong to.</param>
/// <param name="reimport">
/// Re-importing stored objects of an earlier job: datasets are rebuilt and the objects they are built from become
/// current, but the job's history stays as it was (each object's state, report status and errors); what the
/// re-import did is only returned, and failures are logged, with <see cref="Failures"/>.
/// </param>
internal sealed class ObjectImporter(JobRun run, bool reimport = false)
{
    private readonly List<(string Guid, string Message)> _failures = [];

    /// <summary>The objects this importer failed to import, with why (re-imports report these instead of recording them).</summary>
    public IReadOnlyList<(string Guid, string Message)> Failures => _failures;

    private readonly DatasetNamer _namer = new(run.Store, run.NameSuffixStyle);
    private readonly Dictionary<(string Name, bool IsOrganization), string> _groups = [];
    private readonly bool _linksDatasets = run.Harvester is Harvesters.IDatasetLinker;
    private readonly StoredSourceDatasets _sourceDatasets = new(run.Store, run.Source.SourceId);

    public ReportStatus Import(HarvestObject harvestObject, bool force) => ImportPage([harvestObject], _ => force)[0];

    /// <summary>
    /// Imports the page. Each object's content is dropped from <paramref name="page"/> once its dataset is drafted (it is
    /// stored, and nothing after the draft reads it): the caller's list holds no content afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<ReportStatus> ImportPage(IList<HarvestObject> page, Func<HarvestObject, bool> force)
    {
        using var transaction = run.Store.BeginTransaction();
        var guids = page.Select(o => o.Guid).Distinct(StringComparer.Ordinal).ToList();
        var datasets = run.Store.FindDatasetsByGuid(run.Source.SourceId, guids);
        var currents = run.Store.FindCurrentObjects(run.Source.SourceId, guids);
        var done = new List<HarvestObject>(page.Count);
        // New datasets are inserted together after the loop, except where a later object may need an earlier one's
        // dataset (a linking harvester: DCAT-US collections link a child to its parent's dataset).
        var newDatasets = _linksDatasets ? null : new List<NewDataset>();
        for (var i = 0; i < page.Count; i++)
            done.Add(ImportOne(page, i, force(page[i]), datasets.GetValueOrDefault(page[i].Guid), currents.GetValueOrDefault(page[i].Guid), newDatasets));
        if (newDatasets is { Count: > 0 }) InsertNewDatasets(newDatasets, done);

        // Only an object whose content made the dataset becomes current; the guid's earlier current object stops being so.
        var superseded = done.Where(o => o.ReportStatus is ReportStatus.Added or ReportStatus.Updated && currents.ContainsKey(o.Guid))
            .Select(o => o.Guid).ToList();
        if (superseded.Count > 0) run.Store.ClearCurrent(run.Source.SourceId, superseded);
        KeepNewerSourceDates(done, currents);
        run.Store.UpdateObjectsProgress(reimport ? [.. page.Zip(done, KeepHistory)] : done);
        transaction.Commit();
        return [.. done.Select(o => o.ReportStatus)];
    }

    // The object is read from the page each time, never kept in a local: once its content is dropped from the page, no
    // reference of this method may keep it (unoptimized code keeps every local alive to the method's end).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private HarvestObject ImportOne(IList<HarvestObject> page, int index, bool force, Dataset? dataset, HarvestObject? current, List<NewDataset>? newDatasets)
    {
        var deleting = page[index].Extras.GetValueOrDefault(ObjectExtras.Status) == ObjectExtras.DeleteStatus;
        if (deleting ? dataset is null || dataset.State == DatasetState.Deleted
                : !force && RecordRules.IsUnchanged(page[index].ContentHash, RecordRules.Baseline(dataset, current, page[index].ObjectId)))
            return Completed(page[index], ReportStatus.NotModified, dataset?.DatasetId);

        if (!deleting && dataset is null && newDatasets is not null)
        {
            try
            {
                var (created, nameSource) = Draft(page, index, null);
                newDatasets.Add(new NewDataset(index, created, nameSource));
                return Completed(page[index], ReportStatus.Added, created.DatasetId);
            }
            catch (Exception e) when (e is not System.Data.Common.DbException)
            {
                return Failed(page[index], e);
            }
        }

        // One object's dataset writes land together or not at all; a failure leaves the page's transaction usable.
        var datasetWrites = run.Store.BeginTransaction();
        try
        {
            var (status, datasetId) = deleting ? Delete(page[index], dataset!) : CreateOrUpdate(page, index, dataset);
            datasetWrites.Commit();
            return Completed(page[index], status, datasetId);
        }
        catch (Exception e) when (!StoreErrors.IsTransient(e))
        {
            datasetWrites.Dispose();
            return Failed(page[index], e);
        }
        finally
        {
            datasetWrites.Dispose();
        }
    }

    /// <summary>
    /// Inserts the page's new datasets in a few statements; those whose name another dataset took get the next free name.
    /// When the statement fails as a whole, each dataset is inserted on its own, so that only the one at fault fails.
    /// </summary>
    private void InsertNewDatasets(List<NewDataset> newDatasets, List<HarvestObject> done)
    {
        IReadOnlySet<string> inserted;
        using (var together = run.Store.BeginTransaction())
        {
            try
            {
                inserted = run.Store.InsertDatasetsIfNamesFree([.. newDatasets.Select(n => n.Dataset)]);
                together.Commit();
            }
            catch (Exception e) when (!StoreErrors.IsTransient(e))
            {
                together.Dispose();
                inserted = new HashSet<string>();
            }
        }
        foreach (var (index, dataset, nameSource) in newDatasets.Where(n => !inserted.Contains(n.Dataset.DatasetId)))
        {
            var alone = run.Store.BeginTransaction();
            try
            {
                InsertWithFreeName(dataset, nameSource);
                alone.Commit();
            }
            catch (Exception e) when (!StoreErrors.IsTransient(e))
            {
                alone.Dispose();
                done[index] = Failed(done[index] with { DatasetId = null, Current = false }, e);
            }
            finally
            {
                alone.Dispose();
            }
        }
    }

    /// <summary>
    /// A record whose source date moved but whose content did not stays not modified, and its current object takes the
    /// newer date, so that the next harvest compares with it and does not download the record again.
    /// </summary>
    private void KeepNewerSourceDates(List<HarvestObject> done, IReadOnlyDictionary<string, HarvestObject> currents)
    {
        var newer = new List<(string ObjectId, string Value)>();
        foreach (var o in done.Where(o => o.ReportStatus == ReportStatus.NotModified))
        {
            if (!o.Extras.TryGetValue(ObjectExtras.SourceModified, out var text) || ObjectExtras.ParseDate(text) is not { } date) continue;
            if (!currents.TryGetValue(o.Guid, out var current) || current.ObjectId == o.ObjectId) continue;
            if (ObjectExtras.ParseDate(current.Extras.GetValueOrDefault(ObjectExtras.SourceModified)) is { } known && known >= date) continue;
            newer.Add((current.ObjectId, ObjectExtras.FormatDate(date)));
        }
        if (newer.Count > 0) run.Store.SetObjectExtra(ObjectExtras.SourceModified, newer);
    }

    /// <summary>A re-imported object keeps its state and report status; only which dataset it makes and whether it is current change.</summary>
    private static HarvestObject KeepHistory(HarvestObject stored, HarvestObject imported) =>
        imported.ReportStatus is ReportStatus.Added or ReportStatus.Updated
            ? stored with { Current = true, DatasetId = imported.DatasetId }
            : stored;

    private HarvestObject Failed(HarvestObject harvestObject, Exception e)
    {
        var message = ErrorText.Describe(e);
        _failures.Add((harvestObject.Guid, message));
        if (!reimport) run.AddObjectError(harvestObject, HarvestStage.Import, message);
        run.Log.Warning($"{(reimport ? "re-import" : "import")} of '{harvestObject.Guid}' failed: {message}");
        return harvestObject with { State = ObjectState.Error, ReportStatus = ReportStatus.Errored, ImportFinished = DateTimeOffset.UtcNow };
    }

    private sealed record NewDataset(int Index, Dataset Dataset, string NameSource);

    private static HarvestObject Completed(HarvestObject harvestObject, ReportStatus status, string? datasetId) => harvestObject with
    {
        State = ObjectState.Complete, ReportStatus = status, DatasetId = datasetId, ImportFinished = DateTimeOffset.UtcNow,
        // A delete object has no content: the object the deleted dataset was built from stays current, so that it
        // can be re-imported or kept by clear-history --keep-current.
        Current = status is ReportStatus.Added or ReportStatus.Updated || harvestObject.Current,
    };

    private (ReportStatus, string) Delete(HarvestObject harvestObject, Dataset dataset)
    {
        run.Store.UpdateDataset(dataset with { State = DatasetState.Deleted, MetadataModified = DateTimeOffset.UtcNow });
        run.Log.Info($"dataset '{dataset.Name}' ({harvestObject.Guid}) is no longer in the source: marked deleted");
        return (ReportStatus.Deleted, dataset.DatasetId);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (ReportStatus, string) CreateOrUpdate(IList<HarvestObject> page, int index, Dataset? dataset)
    {
        var (imported, nameSource) = Draft(page, index, dataset);
        var guid = page[index].Guid;
        if (dataset is null)
        {
            InsertWithFreeName(imported, nameSource);
            return (ReportStatus.Added, imported.DatasetId);
        }
        run.Store.UpdateDataset(imported);
        if (dataset.State == DatasetState.Deleted)
            run.Log.Info($"dataset '{dataset.Name}' ({guid}) is back in the source: restored");
        return (ReportStatus.Updated, imported.DatasetId);
    }

    /// <summary>
    /// The dataset the page's object makes; then the object's content is dropped from the page. A huge record's text
    /// (and the garbage of parsing it) is collected before the dataset is written, which makes copies of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Dataset Dataset, string NameSource) Draft(IList<HarvestObject> page, int index, Dataset? dataset)
    {
        var built = Build(page[index], dataset);
        var large = LargeContent.Is(page[index].Content);
        page[index] = page[index] with { Content = null };
        if (large) LargeContent.Release();
        return built;
    }

    /// <summary>The dataset an object makes (writing nothing but new groups), and the text its name comes from.</summary>
    private (Dataset Dataset, string NameSource) Build(HarvestObject harvestObject, Dataset? dataset)
    {
        var draft = RecordRules.Draft(run.Harvester, run.Context(), harvestObject, _sourceDatasets);
        var organizationTitle = draft.OrganizationTitle ?? run.Source.Organization;
        var organization = string.IsNullOrWhiteSpace(organizationTitle)
            ? null
            : Group(draft.OrganizationName is { Length: > 0 } && draft.OrganizationTitle is not null ? draft.OrganizationName : DatasetNamer.Slug(organizationTitle),
                organizationTitle, isOrganization: true);
        var groups = draft.Groups.Select(g => Group(DatasetNamer.Slug(g), g, isOrganization: false)).Distinct().ToList();
        var now = DateTimeOffset.UtcNow;
        var nameSource = string.IsNullOrWhiteSpace(draft.Name) ? draft.Title : draft.Name;
        return (new Dataset
        {
            DatasetId = dataset?.DatasetId ?? Guid.NewGuid().ToString(),
            Name = dataset?.Name ?? DatasetNamer.FirstChoice(nameSource) ?? _namer.UniqueName(nameSource),
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
        }, nameSource);
    }

    /// <summary>The group's name, created the first time this importer meets it (groups are never removed while a job runs).</summary>
    private string Group(string name, string title, bool isOrganization)
    {
        if (!_groups.TryGetValue((name, isOrganization), out var stored))
            _groups[(name, isOrganization)] = stored = run.Store.EnsureGroup(name, title, isOrganization).Name;
        return stored;
    }

    /// <summary>
    /// Inserts a new dataset under its chosen name, or, when that name is taken (by an older dataset, or by another
    /// consumer between the choice and the insert), under the next free one; a few times, then gives up.
    /// </summary>
    private void InsertWithFreeName(Dataset dataset, string nameSource)
    {
        for (var attempt = 1; !run.Store.InsertDatasetIfNameFree(dataset); attempt++)
        {
            if (attempt == 5) throw new HarvestException($"no free name for '{nameSource}' after {attempt} attempts: other imports keep taking them");
            dataset = dataset with { Name = _namer.UniqueName(nameSource) };
        }
    }
}
