using System.Net;
using System.Net.Http.Headers;

namespace Harvest.Engine.Http;

/// <summary>
/// Opens the document a source URL names: http(s) through <see cref="HarvestHttpClient"/> (timeouts, retries,
/// backoff), a file:// URL or a local path. Every failure names the URL and what went wrong.
/// </summary>
public sealed class RemoteDocuments(HttpClient httpClient, long maxBytes, HttpPolicy? policy = null)
{
    public const string UserAgent = "Harvest/0.1 (open-data metadata harvester)";

    public long MaxBytes { get; } = maxBytes;

    /// <summary>The one HTTP client every harvester uses: retries, backoff, rate limits, timeouts and the size cap.</summary>
    public HarvestHttpClient Http { get; } = new(httpClient, policy ?? new HttpPolicy { Timeout = httpClient.Timeout }, maxBytes);

    public static HttpClient CreateClient(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            // HarvestHttpClient follows redirects itself, so that it can refuse those it must not follow and say why.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(30, timeout.TotalSeconds)),
        };
        var client = new HttpClient(handler) { Timeout = timeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    public async Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return await OpenHttpAsync(uri, cancellationToken);
        if (uri is { IsFile: false })
            throw new RemoteDocumentException($"cannot read {url}: URLs with the scheme '{uri.Scheme}' are not supported (use http, https, file or a local path)");
        var path = LocalPath(url);
        if (Directory.Exists(path))
            throw new RemoteDocumentException($"cannot read {url}: '{path}' is a folder, not a file");
        if (!File.Exists(path))
            throw new RemoteDocumentException($"cannot read {url}: the file '{path}' does not exist");
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw new RemoteDocumentException($"{url} is {length:N0} bytes, larger than the size cap of {MaxBytes:N0} bytes (setting max_document_bytes)");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        // A pipe or device (a FIFO that never ends) blocks its reads beyond the reach of cancellation: wait for them so that
        // Ctrl+C still ends the job.
        return file.CanSeek ? file : new CancellableReads(file);
    }

    /// <summary>A local path for a file:// URL or a plain path; relative paths are taken from the current folder.</summary>
    public static string LocalPath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : Path.GetFullPath(url);

    public static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private async Task<Stream> OpenHttpAsync(Uri uri, CancellationToken cancellationToken) =>
        await OpenBodyAsync(await Http.GetResponseAsync(uri, null, cancellationToken), uri, cancellationToken);

    /// <summary>
    /// The body of a successful response to a GET of a whole document, as <see cref="OpenAsync"/> gives it (the read timeout
    /// and the document deadline applied); disposing the stream disposes the response.
    /// </summary>
    public async Task<Stream> OpenBodyAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            if (response.Content.Headers.ContentLength > MaxBytes)
                throw new RemoteDocumentException(
                    $"GET {uri}: the document is {response.Content.Headers.ContentLength:N0} bytes, larger than the size cap of {MaxBytes:N0} bytes (setting max_document_bytes)");
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            // The record stream enforces the size cap while it reads, naming the document; the body only adds the read timeout.
            return new HarvestHttpClient.ResponseStream(body, uri, Http.Policy.Timeout, long.MaxValue, owner: response, documentTimeout: Http.Policy.DocumentTimeout);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

public sealed class RemoteDocumentException(string message, Exception? inner = null, bool transient = false, int? statusCode = null)
    : HarvestException(message, inner)
{
    /// <summary>A failure worth retrying: a timeout or a broken connection.</summary>
    internal bool Transient { get; } = transient;
    /// <summary>The HTTP status of the response that failed, when there was one.</summary>
    public int? StatusCode { get; } = statusCode;
}
