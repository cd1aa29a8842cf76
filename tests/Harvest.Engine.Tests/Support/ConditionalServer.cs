using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// Serves documents by path with an ETag (the hash of the body) and a Last-Modified date, answering 304 to a request whose
/// If-None-Match or If-Modified-Since shows the client has the current version, unless told to ignore validators. Counts
/// requests, 304 answers and body bytes per path, and keeps the validators each request sent.
/// </summary>
public sealed class ConditionalServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Body, DateTimeOffset Modified, string ContentType)> _documents = new();
    private readonly ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince)> _requests = new();
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private LoopbackServer _server = null!;
    private int _notModified;

    public string BaseUrl => _server.BaseUrl;
    /// <summary>When false, the server answers every request in full, as a server that ignores validators does.</summary>
    public bool HonourValidators { get; set; } = true;
    /// <summary>When false, the server sends Last-Modified alone.</summary>
    public bool SendETag { get; set; } = true;
    /// <summary>While true, every full answer is cut in the middle of its body.</summary>
    public bool BreakBodies { get; set; }
    public int NotModifiedCount => _notModified;
    public IReadOnlyList<(string Path, string? IfNoneMatch, string? IfModifiedSince)> Requests => [.. _requests];
    public long BytesSent(string path) => _bytes.GetValueOrDefault(path);

    public static async Task<ConditionalServer> StartAsync()
    {
        var server = new ConditionalServer();
        server._server = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    public string Serve(string path, string body, string contentType = "application/json", DateTimeOffset? modified = null)
    {
        _documents[path] = (Encoding.UTF8.GetBytes(body), modified ?? DateTimeOffset.UtcNow.AddMinutes(-_documents.Count - 1), contentType);
        return BaseUrl + path;
    }

    public static string ETagOf(byte[] body) => $"\"{Convert.ToHexString(SHA256.HashData(body))[..16]}\"";

    public void ClearCounts()
    {
        _requests.Clear();
        _bytes.Clear();
        _notModified = 0;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        var ifModifiedSince = context.Request.Headers.IfModifiedSince.ToString();
        _requests.Enqueue((path, ifNoneMatch.Length == 0 ? null : ifNoneMatch, ifModifiedSince.Length == 0 ? null : ifModifiedSince));
        if (!_documents.TryGetValue(path, out var document))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var etag = ETagOf(document.Body);
        var modified = document.Modified.ToUniversalTime();
        modified = new DateTimeOffset(modified.Year, modified.Month, modified.Day, modified.Hour, modified.Minute, modified.Second, TimeSpan.Zero);
        if (SendETag) context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = modified.ToString("R");
        if (HonourValidators && IsCurrent(ifNoneMatch, ifModifiedSince, etag, modified))
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = 304;
            return;
        }
        context.Response.ContentType = document.ContentType;
        context.Response.ContentLength = document.Body.Length;
        var length = document.Body.Length;
        if (BreakBodies) length /= 2;
        _bytes.AddOrUpdate(path, length, (_, sent) => sent + length);
        await context.Response.Body.WriteAsync(document.Body.AsMemory(0, length), context.RequestAborted);
        if (length < document.Body.Length)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        }
    }

    /// <summary>RFC 9110: If-None-Match decides when present; If-Modified-Since only without it.</summary>
    private static bool IsCurrent(string ifNoneMatch, string ifModifiedSince, string etag, DateTimeOffset modified)
    {
        if (ifNoneMatch.Length > 0)
            return ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
        return ifModifiedSince.Length > 0 && DateTimeOffset.TryParse(ifModifiedSince, out var since) && modified <= since;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
