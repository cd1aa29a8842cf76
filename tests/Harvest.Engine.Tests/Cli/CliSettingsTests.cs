using System.Text.Json;
using System.Text.RegularExpressions;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>--settings PATH: the store it names is the one used; a bad settings file is bad input (exit 2).</summary>
public sealed class CliSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harvest-cli-settings-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string WriteSettings(string name, object settings) => WriteText(name, JsonSerializer.Serialize(settings));

    private string WriteText(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Two_settings_files_keep_two_separate_stores()
    {
        var storeA = Path.Combine(_folder, "a", "harvest.db");
        var storeB = Path.Combine(_folder, "b", "nested", "harvest.db");
        var settingsA = WriteSettings("a.json", new { database = storeA });
        var settingsB = WriteSettings("b.json", new { database = storeB });
        var catalog = WriteText("parks.data.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));

        var harvested = await RawCli.RunAsync("harvest", catalog, "--name", "parks", "--settings", settingsA, "--json");
        CliJson.AssertExit(0, harvested);

        var initB = await RawCli.RunAsync("initdb", "--settings", settingsB, "--json");
        CliJson.AssertExit(0, initB);
        using (var init = JsonDocument.Parse(initB.Stdout))
            Assert.Equal(storeB, init.RootElement.GetProperty("database").GetString());
        Assert.True(File.Exists(storeA));
        Assert.True(File.Exists(storeB));

        Assert.Equal(1, await CountAsync("sources", settingsA));
        Assert.Equal(1, await CountAsync("datasets", settingsA));
        Assert.Equal(0, await CountAsync("sources", settingsB));
        Assert.Equal(0, await CountAsync("datasets", settingsB));
        CliJson.AssertFailedWithoutJson(await RawCli.RunAsync("source", "show", "parks", "--settings", settingsB, "--json"), 2, "'parks'");

        // The same name in store B is a different source.
        CliJson.AssertExit(0, await RawCli.RunAsync("source", "create", "parks", catalog, "datajson", "--settings", settingsB, "--json"));
        var idA = await SourceIdAsync("parks", settingsA);
        var idB = await SourceIdAsync("parks", settingsB);
        Assert.NotEqual(idA, idB);
    }

    [Fact]
    public async Task The_settings_option_may_come_before_the_command()
    {
        var store = Path.Combine(_folder, "store.db");
        var settings = WriteSettings("s.json", new { database = store });

        var result = await RawCli.RunAsync("--settings", settings, "--json", "initdb");

        CliJson.AssertExit(0, result);
        Assert.True(File.Exists(store));
    }

    [Fact]
    public async Task A_ckan_harvest_prefixed_key_is_accepted()
    {
        var store = Path.Combine(_folder, "store.db");
        var settings = WriteSettings("s.json", new Dictionary<string, object> { ["database"] = store, ["ckan.harvest.log_level"] = "info" });

        var result = await RawCli.RunAsync("sources", "--settings", settings, "--json");

        CliJson.AssertExit(0, result);
    }

    [Fact]
    public async Task Dataset_name_suffix_random_hex_is_honoured()
    {
        var settings = WriteSettings("s.json", new { database = Path.Combine(_folder, "store.db"), dataset_name_suffix = "random-hex" });
        var catalog = WriteText("c.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Parks"), DataJsonBuilder.Record("b", "Parks")));

        CliJson.AssertExit(0, await RawCli.RunAsync("harvest", catalog, "--settings", settings, "--json"));

        var listed = await RawCli.RunAsync("datasets", "--settings", settings, "--json");
        using var datasets = JsonDocument.Parse(listed.Stdout);
        var names = datasets.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal("parks", names[0]);
        Assert.Matches(new Regex("^parks-[0-9a-f]{5}$"), names[1]);
    }

    [Fact]
    public async Task An_unknown_settings_key_exits_2_naming_the_key()
    {
        var settings = WriteSettings("s.json", new { database = Path.Combine(_folder, "store.db"), databse_typo = "x" });

        var result = await RawCli.RunAsync("sources", "--settings", settings, "--json");

        CliJson.AssertFailedWithoutJson(result, 2, "'databse_typo'", settings);
        Assert.False(File.Exists(Path.Combine(_folder, "store.db")));
    }

    [Fact]
    public async Task A_missing_settings_file_exits_2_naming_it()
    {
        var missing = Path.Combine(_folder, "no-such-settings.json");

        var result = await RawCli.RunAsync("sources", "--settings", missing, "--json");

        CliJson.AssertFailedWithoutJson(result, 2, missing);
    }

    [Theory]
    [InlineData("{ \"database\": ", "not valid JSON")]
    [InlineData("[\"database\"]", "JSON object")]
    [InlineData("{ \"max_document_bytes\": \"lots\" }", "max_document_bytes")]
    [InlineData("{ \"http_timeout_seconds\": 1.5 }", "http_timeout_seconds")]
    [InlineData("{ \"dataset_name_suffix\": \"letters\" }", "dataset_name_suffix")]
    [InlineData("{ \"max_document_bytes\": 0 }", "max_document_bytes")]
    public async Task An_invalid_settings_file_exits_2_naming_the_problem(string content, string mention)
    {
        var settings = WriteText("s.json", content);

        var result = await RawCli.RunAsync("datasets", "--settings", settings, "--json");

        CliJson.AssertFailedWithoutJson(result, 2, mention);
    }

    private static async Task<int> CountAsync(string command, string settings)
    {
        var result = await RawCli.RunAsync(command, "--settings", settings, "--json");
        CliJson.AssertExit(0, result);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.GetArrayLength();
    }

    private static async Task<string> SourceIdAsync(string name, string settings)
    {
        var result = await RawCli.RunAsync("source", "show", name, "--settings", settings, "--json");
        CliJson.AssertExit(0, result);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
