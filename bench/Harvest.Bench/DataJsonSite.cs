using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harvest.Bench;

/// <summary>
/// Serves one synthetic DCAT-US data.json of N records whole at <c>/data.json</c> (Kestrel on 127.0.0.1) with an ETag and
/// a Last-Modified, answering 304 to a request whose If-None-Match names the ETag. The body is built before any timing.
/// </summary>
public sealed class DataJsonSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _body;
    private readonly string _etag;
    private long _bytes;
    private int _notModified;

    private DataJsonSite(WebApplication app, byte[] body)
    {
        _app = app;
        _body = body;
        _etag = $"\"{Convert.ToHexString(SHA256.HashData(body))[..20]}\"";
    }

    public string Url { get; private set; } = "";
    public long Bytes => _body.LongLength;
    public long BytesServed => Interlocked.Read(ref _bytes);
    public int NotModifiedAnswers => _notModified;

    public static async Task<DataJsonSite> StartAsync(int size, int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new DataJsonSite(app, Catalog(size, seed));
        app.Run(site.HandleAsync);
        await app.StartAsync();
        site.Url = app.Urls.First().TrimEnd('/') + "/data.json";
        return site;
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.ETag = _etag;
        context.Response.Headers.LastModified = "Mon, 02 Nov 2026 10:00:00 GMT";
        if (context.Request.Headers.IfNoneMatch.ToString() == _etag)
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = 304;
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = _body.Length;
        await context.Response.Body.WriteAsync(_body, context.RequestAborted);
        Interlocked.Add(ref _bytes, _body.Length);
    }

    /// <summary>A catalog of <paramref name="size"/> records of about 1.5 KB each, the same bytes for the same seed.</summary>
    private static byte[] Catalog(int size, int seed)
    {
        var random = new Random(seed);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("@type", "dcat:Catalog");
            w.WriteString("conformsTo", "https://project-open-data.cio.gov/v1.1/schema");
            w.WriteStartArray("dataset");
            for (var i = 0; i < size; i++)
            {
                w.WriteStartObject();
                w.WriteString("@type", "dcat:Dataset");
                w.WriteString("identifier", $"bench-{seed}-{i:D7}");
                w.WriteString("title", $"Synthetic dataset {i}");
                w.WriteString("description", Words(random, 120));
                w.WriteStartArray("keyword");
                for (var k = 0; k < 5; k++) w.WriteStringValue($"topic-{random.Next(300)}");
                w.WriteEndArray();
                w.WriteString("modified", "2026-11-02");
                w.WriteString("accessLevel", "public");
                w.WriteStartObject("publisher");
                w.WriteString("name", $"Agency {random.Next(20)}");
                w.WriteEndObject();
                w.WriteStartArray("distribution");
                for (var d = 0; d < 2; d++)
                {
                    w.WriteStartObject();
                    w.WriteString("downloadURL", $"https://data.example.org/{i}/file-{d}.csv");
                    w.WriteString("mediaType", "text/csv");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static readonly string[] Vocabulary =
        ["water", "river", "survey", "annual", "county", "monitoring", "station", "quality", "daily", "report", "census", "traffic"];

    private static string Words(Random random, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(' ');
        return text.ToString().TrimEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
