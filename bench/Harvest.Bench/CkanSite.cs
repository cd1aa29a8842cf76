using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harvest.Bench;

/// <summary>
/// Serves a <see cref="SyntheticCatalog"/> as a CKAN site's action API on 127.0.0.1 (Kestrel, as the tests'
/// LoopbackServer): <c>/api/3/action/package_search</c> with count, start, rows (at most 1000), sort (always
/// id asc, the harvester's) and fq's <c>metadata_modified:[SINCE TO *]</c> term; every other path is 404.
/// </summary>
public sealed partial class CkanSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SyntheticCatalog _catalog;
    private long _requests;
    private long _bytes;

    private CkanSite(WebApplication app, SyntheticCatalog catalog)
    {
        _app = app;
        _catalog = catalog;
    }

    public string BaseUrl { get; private set; } = "";
    public long Requests => Interlocked.Read(ref _requests);
    public long BytesServed => Interlocked.Read(ref _bytes);

    public static async Task<CkanSite> StartAsync(SyntheticCatalog catalog)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new CkanSite(app, catalog);
        app.Run(site.HandleAsync);
        await app.StartAsync();
        site.BaseUrl = app.Urls.First().TrimEnd('/');
        return site;
    }

    [GeneratedRegex(@"metadata_modified:\[(\S+) TO \*\]")]
    private static partial Regex ModifiedSince();

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (!context.Request.Path.Value!.EndsWith("/action/package_search", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var query = context.Request.Query;
        var start = int.TryParse(query["start"], out var s) ? Math.Max(0, s) : 0;
        var rows = int.TryParse(query["rows"], out var r) ? Math.Clamp(r, 0, 1000) : 10;
        DateTime? since = null;
        if (query["fq"].ToString() is { Length: > 0 } fq && ModifiedSince().Match(fq) is { Success: true } m)
            since = DateTime.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var listing = _catalog.Listing(since);

        context.Response.ContentType = "application/json";
        var counter = new CountingStream(context.Response.Body);
        await using (var w = new Utf8JsonWriter(counter))
        {
            w.WriteStartObject();
            w.WriteString("help", BaseUrl + "/api/3/action/help_show?name=package_search");
            w.WriteBoolean("success", true);
            w.WriteStartObject("result");
            w.WriteNumber("count", listing.Length);
            w.WriteString("sort", "id asc");
            w.WriteStartObject("facets");
            w.WriteEndObject();
            w.WriteStartArray("results");
            for (var i = start; i < Math.Min(listing.Length, start + rows); i++)
            {
                w.WriteRawValue(_catalog.Package(listing[i]), skipInputValidation: true);
                if (w.BytesPending > 64 * 1024) await w.FlushAsync();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        Interlocked.Add(ref _bytes, counter.Written);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous writes");
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
