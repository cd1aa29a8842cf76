using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Csw;

/// <summary>
/// Harvests ISO 19139 records from an OGC CSW 2.0.2 catalogue (pycsw, GeoNetwork, Esri Geoportal), as ckanext-spatial's
/// <c>csw</c> harvester does but with the records' XML taken from GetRecords pages: the source URL is the CSW endpoint,
/// a record's guid is its <c>fileIdentifier</c>, and each record is stored as standalone XML.
/// </summary>
/// <remarks>
/// Paging stops on <c>nextRecord="0"</c>, on a <c>nextRecord</c> beyond <c>numberOfRecordsMatched</c>, on an empty page
/// and on a page that repeats the previous one (a server that ignores <c>startPosition</c>); a <c>nextRecord</c> that does
/// not advance is not followed. A gather that lost records, stopped early or listed fewer distinct records than the
/// server matched is incomplete (<see cref="GatherContext.MarkIncomplete"/>): nothing is deleted after it, and the job's
/// report says why.
/// </remarks>
public sealed class CswHarvester : IConfigurableHarvester, IContentHasher
{
    public const string TypeName = "csw";

    public HarvesterInfo Info { get; } = new(
        TypeName,
        "CSW (ISO 19139)",
        "Harvests ISO 19139 / 19115-2 records from an OGC CSW 2.0.2 catalogue (pycsw, GeoNetwork, Esri Geoportal) by GetRecords (POST, " +
        "outputSchema gmd, full records), paged by startPosition. The source URL is the CSW endpoint; the guid of a record is its fileIdentifier.",
        CswConfig.Keys);

    public ConfigValidation ValidateConfig(JsonObject config) => CswConfig.Validate(config);

    public string HashContent(string content) => XmlContentHash.Of(content);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var config = CswConfig.From(context.Config);
        context.DeleteMissingDatasets = config.Iso.DeleteMissing;
        var endpoint = Endpoint(context.Source.Url);
        var client = new CswClient(context, endpoint, config);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accounted = 0;
        var lost = 0;
        int? matched = null;
        string? stoppedEarly = null;
        var start = 1;
        IReadOnlyList<string?>? previousIds = null;
        var previousStart = 0;
        while (true)
        {
            context.CountPage($"{endpoint} startPosition={start}");
            var range = await client.ReadRangeAsync(start, config.PageSize, cancellationToken);
            matched = range.Matched ?? matched;
            if (matched is null)
                throw new HarvestException($"no GetRecords response of {endpoint} could be read, so the number of records is unknown: " +
                    (range.Entries.FirstOrDefault(e => e.Lost)?.Problem ?? "the server gave no numberOfRecordsMatched"));
            var ids = range.Entries.Select(e => e.Guid).ToList();
            if (previousIds is not null && ids.Any(id => id is not null) && ids.SequenceEqual(previousIds))
            {
                stoppedEarly = $"the CSW server at {endpoint} returned the same records for startPosition={start} as for startPosition={previousStart} " +
                    "(it ignores startPosition)";
                break;
            }
            var fresh = 0;
            foreach (var entry in range.Entries)
            {
                if (entry.Lost)
                {
                    lost++;
                    yield return new GatheredRecord { Guid = "", Error = entry.Problem };
                    continue;
                }
                if (entry.Guid is null)
                {
                    accounted++;
                    yield return new GatheredRecord { Guid = "", Title = entry.Title, Error = $"{entry.Problem} (startPosition={start})" };
                    continue;
                }
                if (!seen.Add(entry.Guid)) continue; // listed again: the catalogue changed while it was paged, or the server repeats itself
                fresh++;
                accounted++;
                yield return new GatheredRecord { Guid = entry.Guid, Title = entry.Title, Content = entry.Content };
            }
            if (range.Entries.Count == 0 || range.NextRecord == 0) break;
            if (fresh == 0 && range.Entries.All(e => e.Guid is not null))
            {
                stoppedEarly = $"the CSW page at startPosition={start} of {endpoint} held only records already listed";
                break;
            }
            var next = range.NextRecord;
            if (next is null || next <= start)
            {
                var instead = start + range.Entries.Count;
                context.Log?.Warning($"the CSW server at {endpoint} gave nextRecord={Text(next)} for startPosition={start}, which does not advance: " +
                    $"paging goes on from startPosition={instead}");
                next = instead;
            }
            if (matched is { } total && next > total)
            {
                if (range.NextRecord > total)
                    context.Log?.Debug($"the CSW server at {endpoint} gave nextRecord={range.NextRecord} beyond numberOfRecordsMatched={total}: the listing ends there");
                break;
            }
            previousIds = ids;
            previousStart = start;
            start = next.Value;
        }

        if (accounted == 0 && lost == 0)
            context.Log?.Warning($"the CSW server at {endpoint} lists no records" +
                (config.Cql is not null || config.Keywords.Count > 0 ? " matching the source's constraint" : ""));
        var incomplete = stoppedEarly
            ?? (lost > 0 ? $"{lost} record(s) of the CSW listing at {endpoint} could not be read" : null)
            ?? (matched is { } m && accounted < m ? $"the CSW server at {endpoint} matched {m} records but listed {accounted} distinct ones" : null);
        if (incomplete is not null) context.MarkIncomplete(incomplete);
        context.Log?.Debug($"the CSW listing of {endpoint} took {client.Requests} GetRecords requests for {accounted} records (matched: {Text(matched)})");
    }

    public async Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(harvestObject.Content)) return harvestObject.Content;
        // The listing gave a brief or Dublin Core record: the whole ISO record is asked for by id.
        var config = CswConfig.From(context.Config);
        return await new CswClient(context, Endpoint(context.Source.Url), config).GetRecordByIdAsync(harvestObject.Guid, cancellationToken);
    }

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject) =>
        IsoImport.Draft(context, harvestObject, CswConfig.From(context.Config).Iso, $"record '{harvestObject.Guid}'");

    /// <summary>The record as GetRecordById gives it (KVP), as ckanext-spatial links it.</summary>
    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject)
    {
        if (string.IsNullOrEmpty(harvestObject.Guid)) return source.Url;
        var query = "SERVICE=CSW&VERSION=2.0.2&REQUEST=GetRecordById&OUTPUTSCHEMA=" + Uri.EscapeDataString(CswRequests.Gmd) +
            "&ELEMENTSETNAME=full&ID=" + Uri.EscapeDataString(harvestObject.Guid);
        var url = source.Url.Split('#')[0];
        return url + (url.Contains('?') ? (url.EndsWith('?') || url.EndsWith('&') ? "" : "&") : "?") + query;
    }

    private static Uri Endpoint(string url) =>
        RemoteDocuments.IsHttp(url) ? new Uri(url) : throw new HarvestException($"a csw source's URL must be the http(s) address of a CSW endpoint, not '{url}'");

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
