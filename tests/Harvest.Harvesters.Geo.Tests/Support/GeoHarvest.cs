using System.Collections.Concurrent;
using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;
using Harvest.Harvesters;

namespace Harvest.Harvesters.Geo.Tests.Support;

/// <summary>
/// An engine with the built-in harvester types over a fresh SQLite store in a temporary folder (removed on dispose),
/// quick HTTP retries, and the log it writes kept for assertions.
/// </summary>
public sealed class GeoHarvest : IDisposable
{
    public const string SourceName = "geo";

    public GeoHarvest(Func<HarvestSettings, HarvestSettings>? configure = null)
    {
        Folder = Directory.CreateTempSubdirectory("harvest-geo-").FullName;
        var settings = new HarvestSettings { Database = Path.Combine(Folder, "harvest.db"), HttpTimeoutSeconds = 10, HttpRetryDelayMs = 10 };
        Settings = configure is null ? settings : configure(settings);
        Engine = new HarvestEngine(Settings, Log, BuiltInHarvesters.CreateRegistry(Settings));
    }

    public string Folder { get; }
    public HarvestSettings Settings { get; }
    public HarvestEngine Engine { get; }
    public RecordedLog Log { get; } = new();

    public HarvestSource AddSource(string url, string type, string? config = null, string name = SourceName) =>
        Engine.Sources.Create(new NewSourceRequest { Name = name, Url = url, Type = type, Config = config });

    public Task<JobReport> RunAsync(string source = SourceName) => Engine.Jobs.RunNowAsync(source);

    public IReadOnlyList<HarvestObject> Objects(string jobId) => Engine.Objects(new ObjectQuery(JobId: jobId, Limit: 100000)).ToList();

    public IReadOnlyList<Dataset> Datasets(bool includeDeleted = false, string source = SourceName) =>
        Engine.Datasets(source, includeDeleted: includeDeleted);

    public void Dispose()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The lines an engine logged, in order.</summary>
public sealed class RecordedLog : IHarvestOutput
{
    private readonly ConcurrentQueue<(HarvestLogLevel Level, string Message)> _lines = new();

    public void Log(HarvestLogLevel level, string message) => _lines.Enqueue((level, message));

    public IReadOnlyList<string> Warnings => _lines.Where(l => l.Level == HarvestLogLevel.Warning).Select(l => l.Message).ToList();

    public void Clear() => _lines.Clear();
}
