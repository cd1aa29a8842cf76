using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;

namespace Harvest.Engine.Http;

/// <summary>
/// Conditional GET for the documents a harvester downloads whole (a data.json, a WAF file, a DCAT page): sends the
/// validators an earlier successful job of the source kept for the URL, and notes the validators of what this job
/// downloads. The engine keeps those only if this job finishes without a gather error and without the document's records
/// failing to fetch or import, so a failed run never makes the next one skip a document it did not import.
/// </summary>
public sealed class ConditionalDocuments
{
    /// <summary>The source config key that turns conditional GET off for a server that answers it wrongly.</summary>
    public const string ConfigKey = "conditional_get";

    private readonly IReadOnlyDictionary<string, KnownDocument> _known;
    private readonly bool _send;
    private readonly bool _record;
    private readonly ConcurrentDictionary<string, DownloadedDocument> _downloaded = new(StringComparer.Ordinal);

    internal ConditionalDocuments(IReadOnlyDictionary<string, KnownDocument> known, bool send, bool record)
    {
        _known = known;
        _send = send;
        _record = record;
    }

    /// <summary>Neither sends nor keeps validators (previews, tests).</summary>
    public static ConditionalDocuments Off { get; } = new(new Dictionary<string, KnownDocument>(), send: false, record: false);

    /// <summary>Whether the source config lets Harvest send validators and keep them (<c>conditional_get</c>, true unless false).</summary>
    public static bool EnabledBy(JsonObject config) => config[ConfigKey]?.ToJsonString() != "false";

    /// <summary>
    /// What identifies the source's harvest settings: validators kept under another type, URL or config are not sent,
    /// so that a changed config is harvested whole.
    /// </summary>
    public static string Fingerprint(HarvestSource source, JsonObject config) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Type}\n{source.Url}\n{config.ToJsonString()}")));

    /// <summary>The document's known validators that this job sends, or null when it asks for the document unconditionally.</summary>
    public KnownDocument? Known(Uri url) => _send && _known.TryGetValue(url.AbsoluteUri, out var known) ? known : null;

    /// <summary>
    /// GETs a document, conditionally when an earlier job kept its validators. Returns the response (the caller owns it),
    /// or, when the server answered 304 Not Modified, no response and the job the document is unchanged since.
    /// </summary>
    public async Task<ConditionalResponse> GetAsync(HarvestHttpClient http, Uri url, HttpCallOptions? options, CancellationToken cancellationToken)
    {
        var known = Known(url);
        var response = await http.GetResponseAsync(url, (options ?? new HttpCallOptions()) with { IfChanged = known?.Validators }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotModified) return new ConditionalResponse(this, url, response, null, known);
        response.Dispose();
        return new ConditionalResponse(this, url, null, known, known);
    }

    /// <summary>Notes a document this job downloaded and read whole, for the next job to ask about.</summary>
    internal void Downloaded(Uri url, DocumentValidators? validators, KnownDocument? sent, string? objectId, string? memo)
    {
        if (!_record || validators is null) return;
        _downloaded[url.AbsoluteUri] = new DownloadedDocument(url.AbsoluteUri, validators, objectId, sent?.JobId, memo);
    }

    /// <summary>The documents noted since the last call, for the engine to store with the job.</summary>
    internal IReadOnlyList<DownloadedDocument> TakeDownloaded()
    {
        var taken = new List<DownloadedDocument>();
        foreach (var url in _downloaded.Keys)
            if (_downloaded.TryRemove(url, out var document)) taken.Add(document);
        return taken;
    }
}

/// <summary>The answer to a conditional GET: a response to read, or the job since which the document is unchanged.</summary>
public sealed class ConditionalResponse : IDisposable
{
    private readonly ConditionalDocuments _owner;
    private readonly Uri _url;
    private readonly KnownDocument? _sent;
    private readonly DocumentValidators? _validators;

    internal ConditionalResponse(ConditionalDocuments owner, Uri url, HttpResponseMessage? response, KnownDocument? notModifiedSince, KnownDocument? sent)
    {
        _owner = owner;
        _url = url;
        _sent = sent;
        Response = response;
        _validators = response is null ? null : DocumentValidators.From(response);
        NotModifiedSince = notModifiedSince;
    }

    /// <summary>The response to read; null when the server answered 304.</summary>
    public HttpResponseMessage? Response { get; }
    /// <summary>Set when the server answered 304 Not Modified: the document is the one that job downloaded.</summary>
    public KnownDocument? NotModifiedSince { get; }

    /// <summary>
    /// Says the document was read whole and its records were handed over: its validators are kept with the job (for
    /// the record of one object, give its id, so that a failure of that object alone drops them). A harvester that must
    /// know something of the document when it is next answered 304 (the records a page listed) gives it as the memo.
    /// </summary>
    public void Read(string? objectId = null, string? memo = null)
    {
        if (Response is not null) _owner.Downloaded(_url, _validators, _sent, objectId, memo);
    }

    public void Dispose() => Response?.Dispose();
}
