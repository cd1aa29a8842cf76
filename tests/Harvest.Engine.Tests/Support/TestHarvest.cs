using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;

namespace Harvest.Engine.Tests.Support;

/// <summary>An engine over a fresh SQLite store in a temporary folder, removed on dispose.</summary>
public sealed class TestHarvest : IDisposable
{
    public TestHarvest(Func<HarvestSettings, HarvestSettings>? configure = null, HarvesterRegistry? registry = null)
    {
        Folder = Directory.CreateTempSubdirectory("harvest-test-").FullName;
        var settings = new HarvestSettings { Database = System.IO.Path.Combine(Folder, "harvest.db"), HttpTimeoutSeconds = 10, HttpRetryDelayMs = 10 };
        Settings = configure is null ? settings : configure(settings);
        Engine = new HarvestEngine(Settings, registry: registry);
    }

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

    public Task<JobReport> RunAsync(string source = "test-source") => Engine.Jobs.RunNowAsync(source);

    public void Dispose()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
