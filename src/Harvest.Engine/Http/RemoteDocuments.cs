using System.Net;
using System.Net.Http.Headers;

namespace Harvest.Engine.Http;

/// <summary>
/// Opens the document a source URL names: http(s) through one shared client with a timeout,
/// a file:// URL or a local path. Every failure names the URL and what went wrong.
/// </summary>
public sealed class RemoteDocuments(HttpClient httpClient, long maxBytes)
{
    public const string UserAgent = "Harvest/0.1 (open-data metadata harvester)";

    public long MaxBytes { get; } = maxBytes;

    public static HttpClient CreateClient(TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
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
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
    }

    /// <summary>A local path for a file:// URL or a plain path; relative paths are taken from the current folder.</summary>
    public static string LocalPath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : Path.GetFullPath(url);

    public static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private async Task<Stream> OpenHttpAsync(Uri uri, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteDocumentException($"GET {uri} failed: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteDocumentException($"GET {uri} timed out after {httpClient.Timeout.TotalSeconds:0} s", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            response.Dispose();
            throw new RemoteDocumentException($"GET {uri} returned HTTP {status}");
        }
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            var length = response.Content.Headers.ContentLength;
            response.Dispose();
            throw new RemoteDocumentException($"GET {uri}: the document is {length:N0} bytes, larger than the size cap of {MaxBytes:N0} bytes (setting max_document_bytes)");
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new ResponseStream(response, body, uri, httpClient.Timeout);
    }

    /// <summary>The body of a response, which owns the response and turns read failures into clear errors.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream body, Uri uri, TimeSpan timeout) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            readTimeout.CancelAfter(timeout);
            try
            {
                return await body.ReadAsync(buffer, readTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RemoteDocumentException($"GET {uri}: no data for {timeout.TotalSeconds:0} s while reading the response", e);
            }
            catch (IOException e)
            {
                throw new RemoteDocumentException($"GET {uri}: the connection failed while reading the response: {e.Message}", e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

public sealed class RemoteDocumentException(string message, Exception? inner = null) : HarvestException(message, inner);
