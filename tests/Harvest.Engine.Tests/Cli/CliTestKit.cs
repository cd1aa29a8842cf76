using System.Text.Json;
using Harvest.Cli;
using Harvest.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Harvest.Engine.Tests.Cli;

/// <summary>Assertions on the JSON documents the CLI prints with --json, and small helpers for CLI tests.</summary>
internal static class CliJson
{
    public static readonly string[] StatsKeys = ["added", "updated", "notModified", "deleted", "errored"];
    private static readonly string[] JobStatuses = ["New", "Running", "Finished", "Aborted"];

    /// <summary>A job (or a job report) carries id, sourceId, status and stats with the five counts.</summary>
    public static void AssertJobShape(JsonElement job)
    {
        Assert.Equal(JsonValueKind.Object, job.ValueKind);
        AssertNonEmptyString(job, "id");
        AssertNonEmptyString(job, "sourceId");
        Assert.Contains(AssertNonEmptyString(job, "status"), JobStatuses);
        Assert.True(job.TryGetProperty("stats", out var stats), $"no 'stats' in {job}");
        Assert.Equal(JsonValueKind.Object, stats.ValueKind);
        foreach (var key in StatsKeys)
        {
            Assert.True(stats.TryGetProperty(key, out var count), $"stats has no '{key}': {stats}");
            Assert.Equal(JsonValueKind.Number, count.ValueKind);
            Assert.True(count.GetInt32() >= 0, $"stats '{key}' is negative: {stats}");
        }
    }

    /// <summary>A dataset carries id, name, title and state.</summary>
    public static void AssertDatasetShape(JsonElement dataset)
    {
        Assert.Equal(JsonValueKind.Object, dataset.ValueKind);
        AssertNonEmptyString(dataset, "id");
        AssertNonEmptyString(dataset, "name");
        AssertNonEmptyString(dataset, "title");
        Assert.Contains(AssertNonEmptyString(dataset, "state"), new[] { "Active", "Deleted" });
    }

    public static void AssertSourceShape(JsonElement source)
    {
        Assert.Equal(JsonValueKind.Object, source.ValueKind);
        foreach (var key in new[] { "id", "name", "url", "type" })
            AssertNonEmptyString(source, key);
        Assert.True(source.TryGetProperty("active", out var active) && active.ValueKind is JsonValueKind.True or JsonValueKind.False,
            $"no boolean 'active' in {source}");
        Assert.True(source.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object, $"no object 'config' in {source}");
        Assert.True(source.TryGetProperty("frequency", out _), $"no 'frequency' in {source}");
    }

    public static string AssertNonEmptyString(JsonElement element, string key)
    {
        Assert.True(element.TryGetProperty(key, out var value), $"no '{key}' in {element}");
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        var text = value.GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(text), $"'{key}' is empty in {element}");
        return text;
    }

    public static int Stat(JsonElement job, string key) => job.GetProperty("stats").GetProperty(key).GetInt32();

    /// <summary>The five counts in README order: added, updated, not modified, deleted, errored.</summary>
    public static int[] Stats(JsonElement job) => StatsKeys.Select(k => Stat(job, k)).ToArray();

    public static string Id(JsonElement element) => element.GetProperty("id").GetString()!;

    public static string Text(JsonElement element, string key) => element.GetProperty(key).GetString()!;

    public static List<JsonElement> Items(JsonElement array)
    {
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        return array.EnumerateArray().ToList();
    }

    /// <summary>A failed command writes its message on stderr and no JSON document on stdout.</summary>
    public static void AssertFailedWithoutJson(CliResult result, int expectedExit, params string[] stderrMentions)
    {
        Assert.True(expectedExit == result.ExitCode, $"exit {result.ExitCode}, expected {expectedExit}; stdout: {result.Stdout}; stderr: {result.Stderr}");
        Assert.False(IsJsonDocument(result.Stdout), $"a JSON document on stdout of a failed command: {result.Stdout}");
        Assert.False(string.IsNullOrWhiteSpace(result.Stderr), "no message on stderr");
        foreach (var mention in stderrMentions)
            Assert.Contains(mention, result.Stderr, StringComparison.Ordinal);
    }

    public static bool IsJsonDocument(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static void AssertExit(int expected, CliResult result) =>
        Assert.True(expected == result.ExitCode, $"exit {result.ExitCode}, expected {expected}; stdout: {Shorten(result.Stdout)}; stderr: {result.Stderr}");

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}

/// <summary>Catalog files and store access for CLI tests, all inside the runner's temp folder.</summary>
internal static class CliRunnerExtensions
{
    public static string WriteCatalog(this CliRunner runner, string fileName, params object[] records)
    {
        var path = Path.Combine(runner.Folder, fileName);
        File.WriteAllText(path, DataJsonBuilder.Catalog(records));
        return path;
    }

    public static string WriteFile(this CliRunner runner, string fileName, string content)
    {
        var path = Path.Combine(runner.Folder, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public static string DatabasePath(this CliRunner runner) => Path.Combine(runner.Folder, "harvest.db");

    /// <summary>Runs one SQL statement against the runner's store, for states the CLI cannot reach by itself.</summary>
    public static int ExecuteSql(this CliRunner runner, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = runner.DatabasePath(), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }

    public static List<string> QueryStrings(this CliRunner runner, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = runner.DatabasePath(), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }

    /// <summary>Creates a datajson source for a local catalog and returns its JSON view.</summary>
    public static async Task<JsonElement> CreateSourceAsync(this CliRunner runner, string name, string url, params string[] options)
    {
        var (result, json) = await runner.RunJsonAsync(["source", "create", name, url, "datajson", .. options]);
        CliJson.AssertExit(0, result);
        return json;
    }
}

/// <summary>Runs the CLI with exactly the arguments given (no settings file added), for settings tests.</summary>
internal static class RawCli
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, cancellationToken);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>The repository root: the folder above the test binaries that holds Harvest.slnx.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Harvest.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Harvest.slnx");
    }
}
