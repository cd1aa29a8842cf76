using System.Text.Json;
using Harvest.Engine.Logging;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>The database log: ckanext-harvest's scopes, the level and timeframe settings, harvester log and clean-harvest-log.</summary>
public sealed class DatabaseLogTests
{
    private static async Task<TestHarvest> HarvestedWith(int scope, string level = "debug", bool postgres = false)
    {
        var harvest = postgres
            ? TestHarvest.OnPostgres(s => s with { LogScope = scope, LogLevel = level })
            : new TestHarvest(s => s with { LogScope = scope, LogLevel = level });
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
        await harvest.RunAsync();
        return harvest;
    }

    private static List<string> Contents(TestHarvest harvest) =>
        harvest.Engine.Logs.List(limit: 1000).Select(e => e.Content).ToList();

    [Fact]
    public async Task The_default_scope_writes_nothing_to_the_database()
    {
        using var harvest = await HarvestedWith(LogScopes.Off);
        Assert.Empty(harvest.Engine.Logs.List());
    }

    [Fact]
    public async Task Scope_0_writes_job_actions_and_harvester_lines()
    {
        using var harvest = await HarvestedWith(0);
        var contents = Contents(harvest);
        Assert.Contains(contents, c => c.Contains("created for source 'test-source'"));
        Assert.Contains(contents, c => c.StartsWith("gather of job", StringComparison.Ordinal));
        Assert.Contains(contents, c => c.Contains("Finished: added 1"));
    }

    [Fact]
    public async Task Scope_7_keeps_harvester_lines_only_and_scope_4_actions_only()
    {
        using (var harvesters = await HarvestedWith(7))
        {
            var contents = Contents(harvesters);
            Assert.Contains(contents, c => c.StartsWith("gather of job", StringComparison.Ordinal));
            Assert.DoesNotContain(contents, c => c.Contains("created for source"));
        }
        using var actions = await HarvestedWith(4);
        var actionLines = Contents(actions);
        Assert.Contains(actionLines, c => c.Contains("created for source"));
        Assert.DoesNotContain(actionLines, c => c.StartsWith("gather of job", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, "")]
    [InlineData(0, "Plugin Model Action Validators Harvesters")]
    [InlineData(1, "Model Action Validators Harvesters")]
    [InlineData(2, "Model Action Validators")]
    [InlineData(3, "Model Action")]
    [InlineData(4, "Action")]
    [InlineData(5, "Model")]
    [InlineData(6, "Plugin")]
    [InlineData(7, "Harvesters")]
    [InlineData(8, "")]
    public void Scopes_are_ckanext_harvests(int scope, string categories)
    {
        var expected = categories.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<LogCategory>).ToHashSet();
        foreach (var category in Enum.GetValues<LogCategory>())
            Assert.Equal(expected.Contains(category), LogScopes.Includes(scope, category));
    }

    [Fact]
    public async Task The_level_setting_keeps_lower_levels_out()
    {
        using var harvest = new TestHarvest(s => s with { LogScope = 0, LogLevel = "warning" });
        harvest.AddSource(harvest.WriteFile("catalog.json", "{ not json"));
        await harvest.RunAsync();
        var entries = harvest.Engine.Logs.List();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Contains(e.Level, new[] { "warning", "error" }));
        Assert.Equal(entries, harvest.Engine.Logs.List("error").Concat(harvest.Engine.Logs.List("warning")).OrderByDescending(e => e.LogId),
            new EntryIds());
    }

    [Fact]
    public void Entries_are_listed_newest_first_with_limit_offset_and_level()
    {
        using var harvest = new TestHarvest();
        Seed(harvest);
        AssertPaging(harvest);
    }

    [PostgresFact]
    public void Paging_and_cleaning_work_alike_on_PostgreSQL()
    {
        using var harvest = TestHarvest.OnPostgres(s => s with { LogTimeframe = 10 });
        Seed(harvest);
        AssertPaging(harvest);
        AssertCleaning(harvest);
    }

    [Fact]
    public void Cleaning_removes_entries_older_than_the_timeframe()
    {
        using var harvest = new TestHarvest(s => s with { LogTimeframe = 10 });
        Seed(harvest);
        AssertCleaning(harvest);
    }

    [Fact]
    public void A_bad_level_is_refused()
    {
        using var harvest = new TestHarvest();
        Assert.Throws<HarvestException>(() => harvest.Engine.Logs.List("loud"));
        Assert.Throws<HarvestException>(() => harvest.Engine.Logs.List(limit: -1));
    }

    [Fact]
    public async Task Cli_log_and_clean_harvest_log()
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.SettingsPath, JsonSerializer.Serialize(new
        {
            database = Path.Combine(cli.Folder, "harvest.db"), log_scope = 0, log_timeframe = 5,
        }));
        var catalog = Path.Combine(cli.Folder, "catalog.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        Assert.Equal(0, (await cli.RunAsync("harvest", catalog, "--name", "parks")).ExitCode);

        var (all, json) = await cli.RunJsonAsync("log", "--limit", "1000");
        Assert.Equal(0, all.ExitCode);
        var count = json.GetArrayLength();
        Assert.True(count > 2, all.Stdout);
        var (_, info) = await cli.RunJsonAsync("log", "--level", "info", "--limit", "2", "--offset", "1");
        Assert.Equal(2, info.GetArrayLength());
        Assert.All(info.EnumerateArray(), e => Assert.Equal("info", e.GetProperty("level").GetString()));
        Assert.True(info[0].GetProperty("id").GetInt64() > info[1].GetProperty("id").GetInt64());

        var text = await cli.RunAsync("log", "--limit", "3");
        Assert.Equal(3, text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("INFO", text.Stdout);

        var bad = await cli.RunAsync("log", "--level", "loud");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("debug, info, warning or error", bad.Stderr);

        // Nothing is older than 5 days yet: cleaning keeps everything.
        var (clean, cleaned) = await cli.RunJsonAsync("clean-harvest-log");
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(0, cleaned.GetProperty("entriesRemoved").GetInt32());
        var (_, after) = await cli.RunJsonAsync("log", "--limit", "1000");
        Assert.True(after.GetArrayLength() >= count);
    }

    private static void Seed(TestHarvest harvest)
    {
        var now = DateTimeOffset.UtcNow;
        harvest.Engine.Store.InsertLog("info", "old info", now.AddDays(-40));
        harvest.Engine.Store.InsertLog("error", "old error", now.AddDays(-11));
        harvest.Engine.Store.InsertLog("info", "recent info", now.AddDays(-9));
        harvest.Engine.Store.InsertLog("warning", "recent warning", now.AddMinutes(-5));
        harvest.Engine.Store.InsertLog("info", "newest info", now);
    }

    private static void AssertPaging(TestHarvest harvest)
    {
        var logs = harvest.Engine.Logs;
        Assert.Equal(["newest info", "recent warning", "recent info", "old error", "old info"], logs.List().Select(e => e.Content));
        Assert.Equal(["recent warning", "recent info"], logs.List(limit: 2, offset: 1).Select(e => e.Content));
        Assert.Equal(["recent info", "old info"], logs.List("INFO", limit: 5, offset: 1).Select(e => e.Content));
        Assert.Equal(["recent warning"], logs.List("warn").Select(e => e.Content));
        Assert.Empty(logs.List(limit: 0));
    }

    private static void AssertCleaning(TestHarvest harvest)
    {
        var result = harvest.Engine.Logs.Clean();
        Assert.Equal(2, result.EntriesRemoved);
        Assert.Equal(["newest info", "recent warning", "recent info"], harvest.Engine.Logs.List().Select(e => e.Content));
        Assert.Equal(0, harvest.Engine.Logs.Clean().EntriesRemoved);
    }

    private sealed class EntryIds : IEqualityComparer<Model.HarvestLogEntry>
    {
        public bool Equals(Model.HarvestLogEntry? x, Model.HarvestLogEntry? y) => x?.LogId == y?.LogId;
        public int GetHashCode(Model.HarvestLogEntry obj) => obj.LogId.GetHashCode();
    }
}
