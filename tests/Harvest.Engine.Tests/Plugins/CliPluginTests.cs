using System.Text.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Plugins;

/// <summary>The stock `harvester` tool runs a plug-in type named in its settings file.</summary>
public sealed class CliPluginTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private void UsePlugin(object? assemblies = null) =>
        File.WriteAllText(_cli.SettingsPath, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["database"] = "harvest.db",
            ["harvester_assemblies"] = assemblies ?? new[] { SamplePlugin.Assembly },
        }));

    [Fact]
    public async Task Harvesters_info_lists_the_plugin_type_and_its_file()
    {
        UsePlugin();
        var (result, json) = await _cli.RunJsonAsync("harvesters-info");
        Assert.Equal(0, result.ExitCode);
        var csv = json.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "csv");
        Assert.Equal(SamplePlugin.Assembly, csv.GetProperty("assembly").GetString());
        Assert.Contains(json.EnumerateArray(), t => t.GetProperty("name").GetString() == "datajson");
    }

    [Fact]
    public async Task The_stock_tool_harvests_a_plugin_source_twice()
    {
        UsePlugin(SamplePlugin.Folder); // one path as a string, relative paths resolved beside the settings file
        var (first, json) = await _cli.RunJsonAsync("harvest", SamplePlugin.Catalog, "--type", "csv", "--name", "trees");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(3, json.GetProperty("stats").GetProperty("added").GetInt32());

        var (second, again) = await _cli.RunJsonAsync("run-test", "trees");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(3, again.GetProperty("stats").GetProperty("notModified").GetInt32());

        var (_, datasets) = await _cli.RunJsonAsync("datasets", "--source", "trees");
        Assert.Equal(["Street tree inventory 2024", "Tree canopy cover", "Tree planting requests"],
            datasets.EnumerateArray().Select(d => d.GetProperty("title").GetString()).Order());
    }

    [Fact]
    public async Task Run_test_of_a_type_that_is_not_loaded_exits_2_naming_it_and_leaves_no_job()
    {
        UsePlugin();
        Assert.Equal(0, (await _cli.RunAsync("source", "create", "trees", SamplePlugin.Catalog, "csv")).ExitCode);
        File.WriteAllText(_cli.SettingsPath, JsonSerializer.Serialize(new { database = "harvest.db" }));

        var result = await _cli.RunAsync("run-test", "trees");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown source type 'csv'", result.Stderr);
        var (_, jobs) = await _cli.RunJsonAsync("jobs", "--source", "trees");
        Assert.Equal(0, jobs.GetArrayLength());
    }

    [Fact]
    public async Task A_plugin_path_that_does_not_exist_exits_2_naming_it()
    {
        UsePlugin(new[] { "plugins/missing.dll" });
        var result = await _cli.RunAsync("harvesters-info");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"harvester_assemblies: '{Path.Combine(_cli.Folder, "plugins", "missing.dll")}' does not exist", result.Stderr);
    }
}
