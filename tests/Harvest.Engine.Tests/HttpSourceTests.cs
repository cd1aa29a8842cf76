using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests;

/// <summary>
/// Catalogs served over HTTP by a server on 127.0.0.1 that first serves a good catalog, then misbehaves:
/// error statuses, a closed port, a server too slow, documents over the size cap, broken bodies.
/// Each failure is a gather error naming the URL and what went wrong, and the earlier datasets stay as they were.
/// </summary>
public sealed class HttpSourceTests
{
    private static readonly string GoodCatalog = CatalogState.Catalog(3);

    /// <summary>A server whose behaviour a test switches after the first, good, harvest.</summary>
    private sealed class SwitchableServer : IAsyncDisposable
    {
        private LoopbackServer? _server;

        public Func<HttpContext, Task> Handler { get; set; } = context => WriteAsync(context, GoodCatalog);
        public string Url { get; private set; } = "";
        public int Requests => _server?.RequestCount ?? 0;

        public static async Task<SwitchableServer> StartAsync()
        {
            var switchable = new SwitchableServer();
            switchable._server = await LoopbackServer.StartAsync(context => switchable.Handler(context));
            switchable.Url = switchable._server.BaseUrl + "/catalog/data.json";
            return switchable;
        }

        public async ValueTask StopAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
            _server = null;
        }

        public ValueTask DisposeAsync() => StopAsync();
    }

    private static async Task WriteAsync(HttpContext context, string body, int status = 200, bool contentLength = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (contentLength) context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Waits for at most a few seconds, or until the client goes away.</summary>
    private static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>An engine with a source on the server that has harvested the good catalog once.</summary>
    private static async Task<(TestHarvest Harvest, string Before)> HarvestGoodAsync(SwitchableServer server, Func<Settings.HarvestSettings, Settings.HarvestSettings>? configure = null)
    {
        var harvest = new TestHarvest(configure);
        harvest.AddSource(server.Url);
        var first = await harvest.RunAsync();
        Assert.Empty(first.GatherErrors);
        Assert.Equal(3, first.Stats.Added);
        return (harvest, CatalogState.Snapshot(harvest));
    }

    [Theory]
    [InlineData(404, "404 Not Found")]
    [InlineData(410, "410 Gone")]
    [InlineData(500, "500 Internal Server Error")]
    [InlineData(503, "503 Service Unavailable")]
    public async Task An_error_status_is_a_gather_error_naming_the_URL_and_status(int status, string expected)
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server);
        using var _ = harvest;

        server.Handler = context => WriteAsync(context, """{"error": "nope"}""", status);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.Url} returned HTTP {expected}");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_gather_error_naming_the_URL()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server);
        using var _ = harvest;
        var url = server.Url;

        await server.StopAsync();
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {url} failed");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_closed_port_on_a_new_source_is_a_gather_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}/data.json";

        using var harvest = new TestHarvest();
        harvest.AddSource(url);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {url} failed");
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_to_answer_is_a_gather_error()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server, s => s with { HttpTimeoutSeconds = 1 });
        using var _ = harvest;

        server.Handler = async context =>
        {
            await StallAsync(context);
            if (!context.RequestAborted.IsCancellationRequested) await WriteAsync(context, GoodCatalog);
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.Url} timed out after 1 s");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_server_that_stalls_halfway_through_the_body_is_a_gather_error()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server, s => s with { HttpTimeoutSeconds = 1 });
        using var _ = harvest;

        var changed = CatalogState.Catalog(1200, prefix: "new");
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(changed[..(changed.Length / 2)], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await StallAsync(context);
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.Url}: no data for 1 s while reading the response");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_connection_dropped_halfway_through_the_body_is_a_gather_error()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server);
        using var _ = harvest;

        var changed = CatalogState.Catalog(1200, prefix: "new");
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(changed[..(changed.Length / 2)], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.Url}: the connection failed while reading the response");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_document_over_the_cap_with_a_Content_Length_is_refused_before_it_is_read()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server, s => s with { MaxDocumentBytes = 4_000 });
        using var _ = harvest;

        var big = Encoding.UTF8.GetBytes(CatalogState.Catalog(500));
        server.Handler = context => WriteAsync(context, Encoding.UTF8.GetString(big));
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report,
            $"GET {server.Url}: the document is {big.Length:N0} bytes, larger than the size cap of 4,000 bytes (setting max_document_bytes)");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_chunked_document_over_the_cap_without_a_Content_Length_is_refused_while_it_is_read()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server, s => s with { MaxDocumentBytes = 4_000 });
        using var _ = harvest;

        var big = Encoding.UTF8.GetBytes(CatalogState.Catalog(500));
        string? transferEncoding = null;
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            for (var offset = 0; offset < big.Length && !context.RequestAborted.IsCancellationRequested; offset += 1000)
            {
                await context.Response.Body.WriteAsync(big.AsMemory(offset, Math.Min(1000, big.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                transferEncoding ??= context.Response.Headers.TransferEncoding.ToString();
            }
        };
        var report = await harvest.RunAsync();

        Assert.Equal("chunked", transferEncoding);
        CatalogState.AssertGatherFailed(harvest, report, $"{server.Url} is larger than the size cap of 4,000 bytes (setting max_document_bytes)");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_compressed_document_is_capped_by_its_decompressed_size()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server, s => s with { MaxDocumentBytes = 100_000 });
        using var _ = harvest;

        // Half a megabyte of catalog compresses far below the cap: the cap must hold for what is read, not what is sent.
        var big = Encoding.UTF8.GetBytes(CatalogState.Catalog(1000));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            await gzip.WriteAsync(big);
        Assert.True(compressed.Length < 100_000 && big.Length > 100_000);
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = compressed.Length;
            await context.Response.Body.WriteAsync(compressed.ToArray(), context.RequestAborted);
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"{server.Url} is larger than the size cap of 100,000 bytes");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_compressed_catalog_within_the_cap_is_harvested()
    {
        await using var server = await SwitchableServer.StartAsync();
        var json = Encoding.UTF8.GetBytes(CatalogState.Catalog(50));
        server.Handler = async context =>
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                await gzip.WriteAsync(json);
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(compressed.ToArray(), context.RequestAborted);
        };
        using var harvest = new TestHarvest();
        harvest.AddSource(server.Url);
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(50, report.Stats.Added);
    }

    [Fact]
    public async Task Malformed_JSON_halfway_through_a_chunked_response_names_the_URL_and_line()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server);
        using var _ = harvest;

        var lines = Enumerable.Range(0, 800).Select(i => $"{{\"identifier\": \"id-{i}\", \"title\": \"Changed {i}\"}},").ToList();
        lines.Insert(0, "{\"dataset\": [");
        lines.Add("{\"identifier\": \"broken\" \"title\": \"no comma\"}"); // line 802
        lines.Add("]}");
        var body = Encoding.UTF8.GetBytes(string.Join("\n", lines));
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            for (var offset = 0; offset < body.Length && !context.RequestAborted.IsCancellationRequested; offset += 4096)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(4096, body.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"{server.Url} is not valid JSON at line 802");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task An_HTML_page_served_with_200_is_a_gather_error()
    {
        await using var server = await SwitchableServer.StartAsync();
        var (harvest, before) = await HarvestGoodAsync(server);
        using var _ = harvest;

        server.Handler = async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Maintenance</body></html>", context.RequestAborted);
        };
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"{server.Url} is not valid JSON at line 1");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_catalog_trickled_a_few_bytes_per_chunk_is_harvested_whole()
    {
        await using var server = await SwitchableServer.StartAsync();
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(CatalogState.Catalog(20))).ToArray();
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            var random = new Random(3);
            for (var offset = 0; offset < body.Length && !context.RequestAborted.IsCancellationRequested;)
            {
                var n = Math.Min(random.Next(1, 8), body.Length - offset);
                await context.Response.Body.WriteAsync(body.AsMemory(offset, n), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                offset += n;
            }
        };
        using var harvest = new TestHarvest();
        harvest.AddSource(server.Url);
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(20, report.Stats.Added);
        Assert.Equal(1, server.Requests);
    }
}
