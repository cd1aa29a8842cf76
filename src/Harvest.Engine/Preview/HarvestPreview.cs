using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Import;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine.Preview;

/// <summary>
/// Dry run (DKAN's preview, udata's preview): gather, fetch, shaping and validation of a source, then what an import
/// would do with each record, compared with the local catalog. Writes nothing: no job, no objects, no datasets.
/// </summary>
public sealed class HarvestPreview(IHarvestStore store, HarvesterRegistry registry, HarvestSources sources, RemoteDocuments documents)
{
    /// <summary>Previews a saved source against its datasets in the local catalog.</summary>
    public Task<PreviewReport> PreviewSourceAsync(string sourceIdOrName, CancellationToken cancellationToken = default)
    {
        var source = sources.Get(sourceIdOrName);
        return RunAsync(source, sources.ParsedConfig(source), saved: true, cancellationToken);
    }

    /// <summary>
    /// Previews a source that is not saved: a URL (or local path), a harvester type and a config (checked as
    /// <c>source create</c> checks it). Every record is compared with an empty catalog.
    /// </summary>
    public Task<PreviewReport> PreviewUrlAsync(string url, string type, string? configJson = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new InvalidSourceException(["url must not be empty"]);
        var harvester = registry.Get(type);
        var validation = SourceConfig.Validate(harvester, ConfigReader.Parse(configJson));
        if (!validation.IsValid) throw new InvalidSourceConfigException(validation.Errors);
        var now = DateTimeOffset.UtcNow;
        var source = new HarvestSource
        {
            SourceId = "preview-" + Guid.NewGuid().ToString("N"),
            Name = "preview",
            Url = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && !uri.IsFile ? url.Trim() : RemoteDocuments.LocalPath(url.Trim()),
            Type = harvester.Info.Name,
            Config = validation.Config!.ToJsonString(),
            Created = now,
            Modified = now,
        };
        return RunAsync(source, validation.Config!, saved: false, cancellationToken);
    }

    private async Task<PreviewReport> RunAsync(HarvestSource source, JsonObject config, bool saved, CancellationToken cancellationToken)
    {
        var harvester = registry.Get(source.Type);
        var job = new HarvestJob { JobId = "preview-" + Guid.NewGuid().ToString("N"), SourceId = source.SourceId, Status = JobStatus.Running, Created = DateTimeOffset.UtcNow };
        var context = new GatherContext(source, job, config, documents);
        var records = new List<PreviewRecord>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var datasets = new PreviewDatasets(saved ? new StoredSourceDatasets(store, source.SourceId) : null);
        try
        {
            await foreach (var record in harvester.GatherAsync(context, cancellationToken))
            {
                if (record.Skipped is not null)
                {
                    records.Add(Dropped(source, record, saved));
                    continue;
                }
                if (record.Guid.Length > 0) listed.Add(record.Guid);
                records.Add(await PreviewOneAsync(harvester, context, record, saved, datasets, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // As in a harvest, a gather that fails changes nothing.
            return new PreviewReport { SourceId = saved ? source.SourceId : null, Url = source.Url, Type = source.Type, GatherErrors = [ErrorText.Describe(e)] };
        }

        if (saved && context.ListingIsComplete && context.DeleteMissingDatasets)
        {
            var dropped = records.Where(r => r.Action == PreviewAction.Delete).Select(r => r.Guid).ToHashSet(StringComparer.Ordinal);
            foreach (var dataset in store.ListDatasets(new DatasetQuery(source.SourceId)))
                if (dataset.Guid is { } guid && !listed.Contains(guid) && !dropped.Contains(guid))
                    records.Add(new PreviewRecord
                    {
                        Guid = guid, Title = dataset.Title, Action = PreviewAction.Delete, DatasetId = dataset.DatasetId,
                        Reason = "no longer in the source: the dataset is orphaned (marked deleted)",
                    });
        }
        return new PreviewReport { SourceId = saved ? source.SourceId : null, Url = source.Url, Type = source.Type, Records = records };
    }

    /// <summary>A record the source config dropped; when its dataset exists, the harvest orphans (deletes) it.</summary>
    private PreviewRecord Dropped(HarvestSource source, GatheredRecord record, bool saved)
    {
        var skip = record.Skipped!;
        var action = skip.Kind switch
        {
            RecordSkipKind.Filtered => PreviewAction.Filtered,
            RecordSkipKind.Excluded => PreviewAction.Excluded,
            _ => PreviewAction.Skipped,
        };
        var dataset = saved && record.Guid.Length > 0 ? store.FindDatasetByGuid(source.SourceId, record.Guid) : null;
        if (dataset is { State: DatasetState.Active })
            return new PreviewRecord
            {
                Guid = record.Guid, Title = record.Title, Action = PreviewAction.Delete, DatasetId = dataset.DatasetId,
                Reason = $"{action.ToString().ToLowerInvariant()} ({skip.Reason}): its dataset is orphaned (marked deleted)",
            };
        return new PreviewRecord { Guid = record.Guid, Title = record.Title, Action = action, Reason = skip.Reason };
    }

    private async Task<PreviewRecord> PreviewOneAsync(
        IHarvester harvester, HarvestContext context, GatheredRecord record, bool saved, PreviewDatasets datasets, CancellationToken cancellationToken)
    {
        var title = record.Title;
        if (record.Error is not null)
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = record.Error };

        var dataset = saved ? store.FindDatasetByGuid(context.Source.SourceId, record.Guid) : null;
        var baseline = dataset is null ? null : RecordRules.Baselines(store, context.Source.SourceId, [record.Guid]).GetValueOrDefault(record.Guid);
        if (record.Content is null && dataset is not null && RecordRules.IsUnchangedSince(record.Modified, baseline))
        {
            datasets.Importable(dataset);
            return new PreviewRecord
            {
                Guid = record.Guid, Title = title ?? dataset.Title, Action = PreviewAction.Unchanged, DatasetId = dataset.DatasetId,
                Reason = $"not changed since {record.Modified:u} by the source's date: not downloaded",
            };
        }

        var harvestObject = new HarvestObject
        {
            ObjectId = Guid.NewGuid().ToString(), JobId = context.Job.JobId, SourceId = context.Source.SourceId, Guid = record.Guid,
            Content = record.Content, Extras = record.Extras, Gathered = DateTimeOffset.UtcNow,
        };
        string? content;
        try
        {
            content = await harvester.FetchAsync(context, harvestObject, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = "fetch: " + ErrorText.Describe(e) };
        }
        if (content is null)
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = $"fetch: the {harvester.Info.Name} harvester returned no content" };
        if (!RecordRules.TryHash(harvester, content, out var hash, out var unreadable))
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = "fetch: " + unreadable };
        harvestObject = harvestObject with { Content = content, ContentHash = hash };

        if (dataset is not null && RecordRules.IsUnchanged(hash, baseline))
        {
            datasets.Importable(dataset);
            return new PreviewRecord { Guid = record.Guid, Title = title ?? dataset.Title, Action = PreviewAction.Unchanged, DatasetId = dataset.DatasetId, Reason = "content hash unchanged" };
        }

        DatasetDraft draft;
        try
        {
            draft = RecordRules.Draft(harvester, context, harvestObject, datasets);
        }
        catch (Exception e)
        {
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = "import: " + ErrorText.Describe(e) };
        }

        datasets.Importable(new Dataset
        {
            DatasetId = dataset?.DatasetId ?? "", Name = dataset?.Name ?? "", Title = draft.Title, Extras = draft.Extras,
            SourceId = context.Source.SourceId, Guid = record.Guid,
        });
        var reason = dataset is null ? "new record"
            : dataset.State == DatasetState.Deleted ? "back in the source: the deleted dataset is restored"
            : "content changed";
        if (record.Warning is not null) reason += "; imported despite validation: " + record.Warning;
        return new PreviewRecord
        {
            Guid = record.Guid, Title = draft.Title, DatasetId = dataset?.DatasetId, Reason = reason,
            Action = dataset is null ? PreviewAction.Create : PreviewAction.Update,
        };
    }

    /// <summary>
    /// What a linking harvester sees during a preview: the datasets this preview would create or keep, then (for a saved
    /// source) the active datasets in the store.
    /// </summary>
    private sealed class PreviewDatasets(ISourceDatasets? stored) : ISourceDatasets
    {
        private readonly Dictionary<string, Dataset> _importable = new(StringComparer.Ordinal);

        public void Importable(Dataset dataset) => _importable[dataset.Guid!] = dataset;

        public Dataset? FindActive(string guid) => _importable.GetValueOrDefault(guid) ?? stored?.FindActive(guid);
    }
}
