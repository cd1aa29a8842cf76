using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Harvesters;

namespace Harvest.Web.Tests.Support;

/// <summary>A Harvest instance of its own (a SQLite store in a temporary folder, or a given database) served on a free loopback port.</summary>
public sealed class WebTestServer : IAsyncDisposable
{
    public const string Token = "test-token-5f1c2a";

    private readonly HarvestServer _server;

    private WebTestServer(string folder, HarvestSettings settings, HarvestServer server, RecordingOutput output)
    {
        Folder = folder;
        Settings = settings;
        _server = server;
        Output = output;
        BaseUrl = server.Urls.First().TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Folder { get; }
    public HarvestSettings Settings { get; }
    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public RecordingOutput Output { get; }

    public static async Task<WebTestServer> StartAsync(string? tokens = Token, string? database = null)
    {
        var folder = Directory.CreateTempSubdirectory("harvest-web-").FullName;
        var settings = new HarvestSettings { Database = database ?? Path.Combine(folder, "harvest.db"), ApiTokens = tokens };
        var output = new RecordingOutput();
        var server = HarvestServer.Create(new ServerOptions
        {
            Settings = settings, Urls = ["http://127.0.0.1:0"], Output = output, RefreshInterval = TimeSpan.FromSeconds(1),
        });
        await server.StartAsync();
        return new WebTestServer(folder, settings, server, output);
    }

    /// <summary>An engine over the same store, as the CLI would open it.</summary>
    public HarvestEngine OpenEngine() => new(Settings, registry: BuiltInHarvesters.CreateRegistry(Settings));

    /// <summary>Calls an action and returns the status code and the parsed envelope.</summary>
    public async Task<(int Status, JsonElement Body)> ActionAsync(string action, object? parameters = null, string? token = Token, bool post = true)
    {
        var query = "";
        if (!post && parameters is not null)
            query = "?" + string.Join("&", JsonSerializer.SerializeToElement(parameters).EnumerateObject()
                .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())}"));
        using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, $"/api/3/action/{action}{query}");
        if (post) request.Content = new StringContent(JsonSerializer.Serialize(parameters ?? new { }), Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Keeps what the server logged, to check what it says and what it never says.</summary>
public sealed class RecordingOutput : IHarvestOutput
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyList<string> Lines => [.. _lines];
    public void Log(HarvestLogLevel level, string message) => _lines.Enqueue($"{level}: {message}");
}
