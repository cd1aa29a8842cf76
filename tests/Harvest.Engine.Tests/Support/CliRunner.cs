using System.Text.Json;
using Harvest.Cli;

namespace Harvest.Engine.Tests.Support;

/// <summary>Runs the `harvester` CLI in-process against a settings file of its own, so tests never touch the user's store.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Directory.CreateTempSubdirectory("harvest-cli-").FullName;
        SettingsPath = Path.Combine(Folder, "settings.json");
        File.WriteAllText(SettingsPath, JsonSerializer.Serialize(new { database = Path.Combine(Folder, "harvest.db") }));
    }

    public string Folder { get; }
    public string SettingsPath { get; }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--settings", SettingsPath], stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with --json and parses stdout.</summary>
    public async Task<(CliResult Result, JsonElement Json)> RunJsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.True(result.Stdout.Length > 0, $"no JSON on stdout (exit {result.ExitCode}); stderr: {result.Stderr}");
        using var document = JsonDocument.Parse(result.Stdout);
        return (result, document.RootElement.Clone());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
