using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Harvesters.DataJson;
using Harvest.Engine.Harvesters.DataJson.Validation;
using Harvest.Engine.Http;
using Harvest.Engine.Json;
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
        var validation = Mail.NotificationEmails.Validate(harvester, ConfigReader.Parse(configJson));
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
        var importable = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var gathered in Gather(harvester, context, cancellationToken))
            {
                if (gathered.Record is { } record)
                {
                    if (record.Guid.Length > 0) listed.Add(record.Guid);
                    records.Add(await PreviewOneAsync(harvester, context, record, saved, importable, cancellationToken));
                }
                else
                    records.Add(Dropped(source, gathered, saved));
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

        if (saved && context.ListingIsComplete)
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

    private static async IAsyncEnumerable<PreviewGathered> Gather(IHarvester harvester, GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (harvester is IPreviewableHarvester previewable)
        {
            await foreach (var item in previewable.GatherShapedAsync(context, cancellationToken)) yield return item;
            yield break;
        }
        await foreach (var record in harvester.GatherAsync(context, cancellationToken)) yield return new PreviewGathered(record);
    }

    /// <summary>A record the source config dropped; when its dataset exists, the harvest orphans (deletes) it.</summary>
    private PreviewRecord Dropped(HarvestSource source, PreviewGathered gathered, bool saved)
    {
        var guid = gathered.Guid ?? "";
        var dataset = saved && guid.Length > 0 ? store.FindDatasetByGuid(source.SourceId, guid) : null;
        if (dataset is { State: DatasetState.Active })
            return new PreviewRecord
            {
                Guid = guid, Title = gathered.Title, Action = PreviewAction.Delete, DatasetId = dataset.DatasetId,
                Reason = $"{gathered.Dropped!.Value.ToString().ToLowerInvariant()} by the source config ({gathered.Reason}): its dataset is orphaned (marked deleted)",
            };
        return new PreviewRecord { Guid = guid, Title = gathered.Title, Action = gathered.Dropped!.Value, Reason = gathered.Reason };
    }

    private async Task<PreviewRecord> PreviewOneAsync(
        IHarvester harvester, HarvestContext context, GatheredRecord record, bool saved, HashSet<string> importable, CancellationToken cancellationToken)
    {
        var title = TitleOf(record.Content);
        if (record.Error is not null)
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = record.Error };

        var harvestObject = new HarvestObject
        {
            ObjectId = Guid.NewGuid().ToString(), JobId = context.Job.JobId, SourceId = context.Source.SourceId, Guid = record.Guid,
            Content = record.Content, Extras = record.Extras, Gathered = DateTimeOffset.UtcNow,
        };
        string hash;
        try
        {
            var content = await harvester.FetchAsync(context, harvestObject, cancellationToken);
            hash = CanonicalJson.Hash(content);
            harvestObject = harvestObject with { Content = content, ContentHash = hash };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = "fetch: " + ErrorText.Describe(e) };
        }

        var dataset = saved ? store.FindDatasetByGuid(context.Source.SourceId, record.Guid) : null;
        var warning = record.Extras.GetValueOrDefault(ValidationConfig.WarningExtra);
        if (dataset is { State: DatasetState.Active } && store.FindCurrentObject(context.Source.SourceId, record.Guid)?.ContentHash == hash)
        {
            importable.Add(record.Guid);
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Unchanged, DatasetId = dataset.DatasetId, Reason = "content hash unchanged" };
        }

        DatasetDraft draft;
        try
        {
            draft = harvester.Import(context, harvestObject);
            if (string.IsNullOrWhiteSpace(draft.Title)) throw new HarvestException($"record '{record.Guid}' has no title");
        }
        catch (Exception e)
        {
            return new PreviewRecord { Guid = record.Guid, Title = title, Action = PreviewAction.Invalid, Reason = "import: " + ErrorText.Describe(e) };
        }
        if (draft.Extras.TryGetValue(Collections.IsPartOf, out var parent) && !string.IsNullOrWhiteSpace(parent)
            && !importable.Contains(parent.Trim())
            && !(saved && store.FindDatasetByGuid(context.Source.SourceId, parent.Trim()) is { State: DatasetState.Active }))
            return new PreviewRecord
            {
                Guid = record.Guid, Title = title, Action = PreviewAction.Invalid,
                Reason = $"import: record '{record.Guid}' is part of the collection '{parent.Trim()}', but no dataset of this source has that identifier",
            };

        importable.Add(record.Guid);
        var reason = dataset is null ? "new record"
            : dataset.State == DatasetState.Deleted ? "back in the source: the deleted dataset is restored"
            : "content changed";
        if (warning is not null) reason += "; imported despite validation: " + warning;
        return new PreviewRecord
        {
            Guid = record.Guid, Title = draft.Title, DatasetId = dataset?.DatasetId, Reason = reason,
            Action = dataset is null ? PreviewAction.Create : PreviewAction.Update,
        };
    }

    private static string? TitleOf(string? content)
    {
        if (string.IsNullOrEmpty(content)) return null;
        try
        {
            using var document = JsonDocument.Parse(content);
            return DataJsonHarvester.Text(document.RootElement, "title");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
