using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// An engine over a fresh store, removed on dispose: SQLite in a temporary folder by default, or a database
/// of its own on the test PostgreSQL server (<see cref="OnPostgres"/>).
/// </summary>
public sealed class TestHarvest : IDisposable
{
    private readonly PostgresTestDatabase? _postgres;

    public TestHarvest(Func<HarvestSettings, HarvestSettings>? configure = null, HarvesterRegistry? registry = null, IHarvestOutput? output = null)
        : this(null, configure, registry, output)
    {
    }

    private TestHarvest(PostgresTestDatabase? postgres, Func<HarvestSettings, HarvestSettings>? configure, HarvesterRegistry? registry, IHarvestOutput? output = null)
    {
        _postgres = postgres;
        Folder = Directory.CreateTempSubdirectory("harvest-test-").FullName;
        var database = postgres?.ConnectionString ?? System.IO.Path.Combine(Folder, "harvest.db");
        var settings = new HarvestSettings { Database = database, HttpTimeoutSeconds = 10, HttpRetryDelayMs = 10 };
        Settings = configure is null ? settings : configure(settings);
        Engine = new HarvestEngine(Settings, output, registry ?? BuiltInHarvesters.CreateRegistry(Settings));
    }

    /// <summary>An engine over a new, empty PostgreSQL database (dropped on dispose).</summary>
    public static TestHarvest OnPostgres(Func<HarvestSettings, HarvestSettings>? configure = null, HarvesterRegistry? registry = null) =>
        new(PostgresTestDatabase.Create(), configure, registry);

    /// <summary>An engine over SQLite or PostgreSQL, for scenarios both stores must pass alike.</summary>
    public static TestHarvest On(StoreKind kind) => kind == StoreKind.Postgres ? OnPostgres() : new TestHarvest();

    public string Folder { get; }
    public HarvestSettings Settings { get; }
    public HarvestEngine Engine { get; }

    /// <summary>Writes a file into the test folder and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public HarvestSource AddSource(string url, string type = "datajson", string name = "test-source", string? config = null) =>
        Engine.Sources.Create(new NewSourceRequest { Name = name, Url = url, Type = type, Config = config });

    /// <summary>Runs a job now and waits for its status mail (which is sent off the finishing thread) to be sent or given up.</summary>
    public async Task<JobReport> RunAsync(string source = "test-source")
    {
        var report = await Engine.Jobs.RunNowAsync(source);
        await Engine.WhenStatusMailsSentAsync();
        return report;
    }

    public void Dispose()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _postgres?.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

public enum StoreKind { Sqlite, Postgres }
