using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Waf;

/// <summary>
/// Harvests the ISO 19139 / 19115-2 records of a web-accessible folder (WAF): an HTML directory listing (Apache, nginx,
/// IIS) whose <c>.xml</c> files are records, in its sub-folders too. A record's guid is its file's URL.
/// </summary>
/// <remarks>
/// Gather lists files without downloading them, each with the date its listing prints: a file whose date is not newer
/// than that of its dataset's current object is settled not modified without a download, and a file whose date moved
/// is downloaded and still compared by content hash, so a host that touches every date costs a download per file and
/// no re-import. A listing without dates makes every file a download (then the hash decides). A file is asked for
/// conditionally (If-None-Match / If-Modified-Since) when an earlier job kept its validators: a 304 settles it not
/// modified without a download.
/// </remarks>
public sealed class WafHarvester : IConfigurableHarvester, IContentHasher
{
    public const string TypeName = "waf";

    public HarvesterInfo Info { get; } = new(
        TypeName,
        "WAF (ISO 19139)",
        "Harvests the ISO 19139 / 19115-2 .xml files of a web-accessible folder and its sub-folders, read from Apache, nginx or IIS directory " +
        "listings. The source URL is the folder; the guid of a record is its file's URL; a file whose listed date has not moved is not downloaded.",
        WafConfig.Keys);

    public ConfigValidation ValidateConfig(JsonObject config) => WafConfig.Validate(config);

    public string HashContent(string content) => XmlContentHash.Of(content);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var config = WafConfig.From(context.Config);
        context.DeleteMissingDatasets = config.Iso.DeleteMissing;
        var folder = HttpUrl(context.Source.Url, "a waf source's URL must be the http(s) address of a folder listing");
        var crawler = new WafCrawler(context, config);
        var files = 0;
        await foreach (var file in crawler.FilesAsync(folder, cancellationToken))
        {
            files++;
            yield return new GatheredRecord { Guid = file.Url.AbsoluteUri, Modified = ListedDate(file.LastModified) };
        }
        if (files == 0)
            context.Log?.Warning($"no .xml files are listed under {folder} ({crawler.FoldersRead} folder listing(s) read): " +
                "it is not a directory listing, or the folder is empty");
    }

    public async Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        var config = WafConfig.From(context.Config);
        var url = HttpUrl(harvestObject.Guid, "a WAF record's guid must be the http(s) URL of its file");
        var maxCharacters = config.Iso.ReadOptions.MaxCharacters;
        using var answer = await context.Conditional.GetAsync(
            context.Documents.Http, url, config.Iso.CallOptions(context, "application/xml, text/xml;q=0.9, */*;q=0.5"), cancellationToken);
        if (answer.NotModifiedSince is { } since) throw new DocumentNotModifiedException(since);
        await using var body = await context.Documents.Http.OpenBodyAsync(answer.Response!, url, cancellationToken);
        var bytes = await ReadAtMostAsync(body, url, maxCharacters, cancellationToken);
        try
        {
            var content = IsoXml.Decode(bytes, maxCharacters);
            answer.Read(harvestObject.ObjectId);
            return content;
        }
        catch (IsoRecordException e)
        {
            throw new HarvestException($"{url}: {e.Message}", e);
        }
    }

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject) =>
        IsoImport.Draft(context, harvestObject, WafConfig.From(context.Config).Iso, harvestObject.Guid);

    /// <summary>The file itself.</summary>
    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject) =>
        RemoteDocuments.IsHttp(harvestObject.Guid) ? harvestObject.Guid : source.Url;

    /// <summary>
    /// A listing prints naive local times of the server; they are only ever compared with dates from the same listing, so
    /// they are taken as UTC, as printed.
    /// </summary>
    internal static DateTimeOffset? ListedDate(DateTime? printed) =>
        printed is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null;

    /// <summary>The body, refusing one longer than a record may be (no encoding needs more than four bytes a character).</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream body, Uri url, long maxCharacters, CancellationToken cancellationToken)
    {
        var limit = maxCharacters > long.MaxValue / 4 ? long.MaxValue : maxCharacters * 4;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new HarvestException($"{url}: the file is longer than a record may be ({maxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters)");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Uri HttpUrl(string url, string message) =>
        RemoteDocuments.IsHttp(url) ? new Uri(url) : throw new HarvestException($"{message}, not '{url}'");
}
