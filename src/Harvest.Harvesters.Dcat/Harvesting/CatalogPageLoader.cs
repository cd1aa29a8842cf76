using Harvest.Engine;
using Harvest.Engine.Http;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>One page of a catalog, read whole into a graph.</summary>
internal sealed record CatalogPage(string Url, RdfFormat Format, RdfGraph Graph);

/// <summary>A page as loaded (<see cref="Page"/>), or not modified since a job (HTTP 304); <see cref="Http"/> for http pages.</summary>
internal sealed record PageAnswer(CatalogPage? Page, KnownDocument? NotModifiedSince, ConditionalResponse? Http);

/// <summary>
/// Downloads a catalog page (http(s), file:// or a local path) and parses it. The syntax is the config's
/// <c>rdf_format</c>, else the one the Content-Type names, else the file name's, else the one the first bytes look like.
/// An HTTP body is spooled to a temporary file as it arrives (with the installation's read timeout and size cap),
/// then parsed off the caller's thread. Every failure is a <see cref="HarvestException"/> naming the page.
/// </summary>
internal sealed class CatalogPageLoader
{
    private readonly RemoteDocuments _documents;
    private readonly RdfFormat? _forced;
    private readonly JsonLdContextMap _contexts = new();

    public CatalogPageLoader(RemoteDocuments documents, DcatConfig config)
    {
        _documents = documents;
        _forced = config.Format;
        foreach (var (url, path) in config.Contexts)
        {
            if (!File.Exists(path))
                throw new HarvestException($"the source config's {DcatConfig.ContextsKey} maps {url} to '{path}', which is not a file");
            _contexts.AddFile(url, path);
        }
    }

    public async Task<CatalogPage> LoadAsync(string url, CancellationToken cancellationToken) =>
        (await LoadAsync(url, ConditionalDocuments.Off, cancellationToken)).Page!;

    /// <summary>
    /// Loads a page, asking conditionally when an earlier job kept its validators: the answer holds the page, or (HTTP 304)
    /// the job it is unchanged since; and, for an http page, the response to note as read once its records are handed over.
    /// </summary>
    public async Task<PageAnswer> LoadAsync(string url, ConditionalDocuments conditional, CancellationToken cancellationToken)
    {
        if (!RemoteDocuments.IsHttp(url))
        {
            await using var file = await _documents.OpenAsync(url, cancellationToken);
            var path = RemoteDocuments.LocalPath(url);
            return new PageAnswer(await ParseAsync(url, new Uri(path).AbsoluteUri, file, contentType: null, path, cancellationToken), null, null);
        }

        var uri = new Uri(url);
        using var answer = await conditional.GetAsync(_documents.Http, uri, null, cancellationToken);
        if (answer.NotModifiedSince is { } since) return new PageAnswer(null, since, answer);
        var response = answer.Response!;
        var contentType = response.Content.Headers.ContentType?.MediaType;
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var body = await _documents.Http.OpenBodyAsync(response, uri, cancellationToken))
        {
            try
            {
                await body.CopyToAsync(spool, cancellationToken);
            }
            catch (IOException e)
            {
                throw new RemoteDocumentException($"GET {url}: reading the response failed: {e.Message}", e);
            }
        }
        spool.Position = 0;
        return new PageAnswer(await ParseAsync(url, url, spool, contentType, uri.AbsolutePath, cancellationToken), null, answer);
    }

    private async Task<CatalogPage> ParseAsync(string url, string baseIri, Stream stream, string? contentType, string fileName,
        CancellationToken cancellationToken)
    {
        var format = _forced ?? Detect(url, stream, contentType, fileName);
        var options = new RdfParserOptions { BaseIri = baseIri, JsonLdContexts = _contexts };
        try
        {
            var graph = await Task.Run(() => RdfParser.Load(stream, format, options), cancellationToken);
            return new CatalogPage(url, format, graph);
        }
        catch (JsonLdContextNotFoundException e)
        {
            throw new HarvestException(
                $"{url}: the JSON-LD remote context {e.ContextUrl} is not known: remote contexts are never fetched; map it to a local copy " +
                $"in the source config's {DcatConfig.ContextsKey}", e);
        }
        catch (RdfParseException e)
        {
            throw new HarvestException($"{url} is not valid {DcatConfig.FormatName(format)}: {e.Message}", e);
        }
    }

    private static RdfFormat Detect(string url, Stream stream, string? contentType, string fileName)
    {
        if (contentType is "text/html" or "application/xhtml+xml")
            throw new HarvestException($"{url} is an HTML page (Content-Type {contentType}), not RDF; set {DcatConfig.RdfFormatKey} if it really is RDF");
        var head = new byte[RdfFormatDetector.SniffLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return RdfFormatDetector.Detect(contentType, fileName, head.AsSpan(0, read))
            ?? throw new HarvestException(
                $"cannot tell the RDF syntax of {url} (Content-Type {contentType ?? "none"}): set {DcatConfig.RdfFormatKey} to turtle, n-triples, rdf/xml or json-ld");
    }
}
