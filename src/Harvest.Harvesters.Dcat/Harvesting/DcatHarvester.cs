using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// DCAT catalogs in RDF (Turtle, N-Triples, RDF/XML, JSON-LD), paged with Hydra or not. Each dcat:Dataset and
/// dcat:DatasetSeries is a record keyed by its IRI (a blank node by its dct:identifier); its content is the JSON
/// description of its triples (<see cref="NodeDescriber"/>), taken at gather, so re-harvests compare by hash.
/// Datasets in a series are linked to the series' dataset (<see cref="DatasetSeriesLinks"/>).
/// </summary>
public sealed class DcatHarvester : IConfigurableHarvester, IDatasetLinker
{
    public const string TypeName = "dcat";

    private static readonly JsonSerializerOptions ContentJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public HarvesterInfo Info { get; } = new(
        TypeName,
        "DCAT RDF catalog",
        "Harvests a DCAT catalog published in RDF (Turtle, N-Triples, RDF/XML or JSON-LD; DCAT 2/3, DCAT-AP 2/3, DCAT-US 3) from an " +
        "http(s) URL, a file:// URL or a local path, following Hydra paging (hydra:next / hydra:nextPage). Every dcat:Dataset and " +
        "dcat:DatasetSeries is a record whose guid is its IRI (a blank node's is its dct:identifier).",
        DcatConfig.Keys);

    public ConfigValidation ValidateConfig(JsonObject config) => DcatConfig.Validate(config);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var config = DcatConfig.From(context.Config);
        context.DeleteMissingDatasets = config.DeleteMissing;
        var loader = new CatalogPageLoader(context.Documents, config);
        var firstPage = new Dictionary<string, int>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var waiting = new List<(GatheredRecord Record, PageDataset Dataset)>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>? previousKeys = null;
        string? previousUrl = null;
        var url = PageUrl(context.Source.Url);
        for (var pageNumber = 1; url is not null; pageNumber++)
        {
            visited.Add(url);
            context.CountPage(url);
            var answer = await loader.LoadAsync(url, context.Conditional, cancellationToken);
            if (answer.NotModifiedSince is { } since)
            {
                var memo = PageMemo.From(since.Memo)
                    ?? throw new HarvestException($"{url} is not modified since job {since.JobId} (HTTP 304), but what it listed then was not kept: " +
                        $"harvest with \"conditional_get\": false in the source's config once");
                var listed = memo.Records.Select(r => r.Guid).ToHashSet(StringComparer.Ordinal);
                if (previousKeys is not null && listed.SetEquals(previousKeys))
                {
                    context.MarkIncomplete($"page {url} lists the same {listed.Count} datasets as the page before it, {previousUrl}: the server ignores paging, " +
                        $"so the listing stops there, incomplete ({firstPage.Count} datasets), and no dataset is deleted");
                    break;
                }
                foreach (var record in memo.Records)
                {
                    if (!firstPage.TryAdd(record.Guid, pageNumber)) continue;
                    if (record.IsSeries) series.Add(record.Guid);
                    yield return new GatheredRecord { Guid = record.Guid, Title = record.Title, NotModifiedSince = since };
                }
                previousKeys = listed;
                previousUrl = url;
                url = memo.Next is null || visited.Contains(memo.Next) ? null : memo.Next;
                continue;
            }
            var page = answer.Page!;
            var datasets = PageDatasets.Read(page.Graph, config.Language);
            var keys = datasets.Select(d => d.Key ?? $"#{d.Position}").ToHashSet(StringComparer.Ordinal);
            if (previousKeys is not null && keys.SetEquals(previousKeys))
            {
                context.MarkIncomplete($"page {url} lists the same {keys.Count} datasets as the page before it, {previousUrl}: the server ignores paging, " +
                    $"so the listing stops there, incomplete ({firstPage.Count} datasets), and no dataset is deleted");
                break;
            }

            var onThisPage = new HashSet<string>(StringComparer.Ordinal);
            var kept = new List<PageMemoRecord>();
            foreach (var dataset in datasets)
            {
                var record = Record(dataset, url, firstPage, onThisPage, pageNumber);
                if (record is null) continue;
                if (record.Error is null) kept.Add(new PageMemoRecord(record.Guid, record.Title, dataset.IsSeries));
                if (record.Error is not null || dataset.Series.Count == 0)
                {
                    yield return record;
                    if (dataset.IsSeries && record.Error is null) series.Add(record.Guid);
                    continue;
                }
                // A dataset whose series is not listed yet waits for the end of the listing, so its series imports first.
                if (dataset.Series.All(series.Contains))
                {
                    yield return WithSeries(record, dataset.Series, series);
                    if (dataset.IsSeries) series.Add(record.Guid);
                }
                else
                {
                    waiting.Add((record, dataset));
                }
            }

            previousKeys = keys;
            previousUrl = url;
            var next = HydraPaging.NextPage(page.Graph, url);
            answer.Http?.Read(memo: new PageMemo(next, kept).ToJson());
            url = next is null || visited.Contains(next) ? null : next;
        }
        series.UnionWith(waiting.Where(w => w.Dataset.IsSeries).Select(w => w.Record.Guid));
        foreach (var (record, dataset) in waiting)
            yield return WithSeries(record, dataset.Series, series);
    }

    private static GatheredRecord? Record(PageDataset dataset, string pageUrl, Dictionary<string, int> firstPage, HashSet<string> onThisPage, int pageNumber)
    {
        var content = dataset.Content.ToJsonString(ContentJson);
        var kind = dataset.IsSeries ? "dataset series" : "dataset";
        var where = $"{kind} #{dataset.Position} of page {pageUrl}";
        if (dataset.Key is null)
            return new GatheredRecord
            {
                Guid = "", Title = dataset.Title, Content = content,
                Error = $"{where}{(dataset.Title is null ? "" : $" ('{dataset.Title}')")} is a blank node without dct:identifier: " +
                    "it has no key to be recognised by across harvests",
            };
        if (!onThisPage.Add(dataset.Key))
            return new GatheredRecord
            {
                Guid = dataset.Key, Title = dataset.Title, Content = content,
                Error = $"{where} repeats the dct:identifier '{dataset.Key}' of another blank-node dataset of the same page; the first was kept",
            };
        // Listed again on a later page (the catalog changed while it was paged): the first listing is kept.
        if (!firstPage.TryAdd(dataset.Key, pageNumber)) return null;
        return new GatheredRecord
        {
            Guid = dataset.Key,
            Title = dataset.Title ?? DcatDatasetMapper.FallbackTitle(new DescribedNode(dataset.Content)),
            Content = content,
            Modified = dataset.Modified,
            Warning = dataset.Title is null
                ? $"{where} '{dataset.Key}' has no dct:title (nor dc:title): its {(dataset.IsBlank ? "dct:identifier" : "identifier or IRI")} is its title"
                : null,
        };
    }

    private static GatheredRecord WithSeries(GatheredRecord record, IReadOnlyList<string> inSeries, HashSet<string> gatheredSeries)
    {
        var known = inSeries.Where(gatheredSeries.Contains).Where(s => s != record.Guid).Order(StringComparer.Ordinal).ToList();
        return known.Count == 0 ? record : record with
        {
            Extras = new Dictionary<string, string>(record.Extras, StringComparer.Ordinal)
            {
                [DatasetSeriesLinks.SeriesExtra] = JsonSerializer.Serialize(known, ContentJson),
            },
        };
    }

    /// <summary>The source URL as pages are compared: http(s) as it is, a path as a file:// URL.</summary>
    private static string PageUrl(string url) => RemoteDocuments.IsHttp(url) ? url : new Uri(RemoteDocuments.LocalPath(url)).AbsoluteUri;

    public Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(harvestObject.Content))
            throw new HarvestException($"dataset '{harvestObject.Guid}' has no content: DCAT datasets are described at gather");
        if (JsonNode.Parse(harvestObject.Content) is not JsonObject)
            throw new HarvestException($"dataset '{harvestObject.Guid}' is not a JSON object");
        return Task.FromResult(harvestObject.Content);
    }

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject)
    {
        if (JsonNode.Parse(harvestObject.Content!) is not JsonObject content)
            throw new HarvestException($"dataset '{harvestObject.Guid}' is not a JSON object");
        return DcatDatasetMapper.Map(content, DcatConfig.From(context.Config));
    }

    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject)
    {
        if (string.IsNullOrEmpty(harvestObject.Content)) return source.Url;
        try
        {
            if (JsonNode.Parse(harvestObject.Content) is not JsonObject content) return source.Url;
            var dataset = new DescribedNode(content);
            var landing = dataset.Reference("dcat:landingPage", new LanguagePreference(null));
            if (landing is not null) return landing;
            return dataset.Id is { } iri && RemoteDocuments.IsHttp(iri) ? iri : source.Url;
        }
        catch (JsonException)
        {
            return source.Url;
        }
    }

    public DatasetDraft Link(HarvestContext context, HarvestObject harvestObject, DatasetDraft draft, ISourceDatasets datasets) =>
        DatasetSeriesLinks.Link(datasets, harvestObject, draft);
}
