using System.Text.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>source create/show/update/remove/clear/delete/clear-history and sources, through the CLI with --json.</summary>
public sealed class CliSourceCommandTests
{
    [Fact]
    public async Task Create_with_every_option_prints_the_source_and_normalises_its_config()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("parks.data.json", DataJsonBuilder.Record("a", "Alpha"));

        var (result, source) = await cli.RunJsonAsync("source", "create", "parks", catalog, "datajson",
            "--title", "City parks", "--description", "Parks of the city", "--frequency", "Weekly",
            "--organization", "Parks Department", "--config", "{\"default_tags\": [\"city\", \" parks\"]}");

        CliJson.AssertExit(0, result);
        CliJson.AssertSourceShape(source);
        Assert.Equal("parks", CliJson.Text(source, "name"));
        Assert.Equal(catalog, CliJson.Text(source, "url"));
        Assert.Equal("datajson", CliJson.Text(source, "type"));
        Assert.Equal("City parks", CliJson.Text(source, "title"));
        Assert.Equal("Parks of the city", CliJson.Text(source, "description"));
        Assert.Equal("Weekly", CliJson.Text(source, "frequency"));
        Assert.Equal("Parks Department", CliJson.Text(source, "organization"));
        Assert.True(source.GetProperty("active").GetBoolean());
        Assert.Equal(["city", "parks"], source.GetProperty("config").GetProperty("default_tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Create_defaults_title_to_name_frequency_to_manual_and_config_to_empty()
    {
        using var cli = new CliRunner();
        var source = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"));

        Assert.Equal("parks", CliJson.Text(source, "title"));
        Assert.Equal("Manual", CliJson.Text(source, "frequency"));
        Assert.Empty(source.GetProperty("config").EnumerateObject());
    }

    [Fact]
    public async Task A_file_url_is_stored_as_its_local_path()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json");
        var source = await cli.CreateSourceAsync("parks", new Uri(catalog).AbsoluteUri);
        Assert.Equal(catalog, CliJson.Text(source, "url"));
    }

    [Fact]
    public async Task Show_finds_a_source_by_name_and_by_id()
    {
        using var cli = new CliRunner();
        var created = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"), "--title", "Parks");

        var (byName, shownByName) = await cli.RunJsonAsync("source", "show", "parks");
        var (byId, shownById) = await cli.RunJsonAsync("source", "show", CliJson.Id(created));

        CliJson.AssertExit(0, byName);
        CliJson.AssertExit(0, byId);
        CliJson.AssertSourceShape(shownByName);
        Assert.Equal(CliJson.Id(created), CliJson.Id(shownByName));
        Assert.Equal(CliJson.Id(created), CliJson.Id(shownById));
        Assert.Equal("Parks", CliJson.Text(shownById, "title"));
    }

    [Fact]
    public async Task Show_without_json_prints_readable_text()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"));
        var result = await cli.RunAsync("source", "show", "parks");
        CliJson.AssertExit(0, result);
        Assert.False(CliJson.IsJsonDocument(result.Stdout));
        Assert.Contains("parks", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("datajson", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_only_the_options_given()
    {
        using var cli = new CliRunner();
        var created = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"),
            "--title", "Parks", "--description", "Old", "--organization", "Parks Department");
        var otherCatalog = cli.WriteCatalog("other.json");

        var (result, updated) = await cli.RunJsonAsync("source", "update", "parks",
            "--title", "Green spaces", "--frequency", "Daily", "--url", otherCatalog, "--config", "{\"default_groups\": [\"environment\"]}");

        CliJson.AssertExit(0, result);
        CliJson.AssertSourceShape(updated);
        Assert.Equal(CliJson.Id(created), CliJson.Id(updated));
        Assert.Equal("Green spaces", CliJson.Text(updated, "title"));
        Assert.Equal("Daily", CliJson.Text(updated, "frequency"));
        Assert.Equal(otherCatalog, CliJson.Text(updated, "url"));
        Assert.Equal("Old", CliJson.Text(updated, "description"));
        Assert.Equal("Parks Department", CliJson.Text(updated, "organization"));
        Assert.Equal("environment", updated.GetProperty("config").GetProperty("default_groups")[0].GetString());

        var (_, shown) = await cli.RunJsonAsync("source", "show", "parks");
        Assert.Equal("Green spaces", CliJson.Text(shown, "title"));
        Assert.Equal("Daily", CliJson.Text(shown, "frequency"));
    }

    [Fact]
    public async Task Update_name_renames_the_source()
    {
        using var cli = new CliRunner();
        var created = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"));

        var (result, renamed) = await cli.RunJsonAsync("source", "update", "parks", "--name", "green-spaces");

        CliJson.AssertExit(0, result);
        Assert.Equal("green-spaces", CliJson.Text(renamed, "name"));
        var (_, shown) = await cli.RunJsonAsync("source", "show", "green-spaces");
        Assert.Equal(CliJson.Id(created), CliJson.Id(shown));
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("source", "show", "parks", "--json"), 2, "'parks'");
    }

    [Fact]
    public async Task Update_active_false_hides_the_source_from_sources_and_true_brings_it_back()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("a.json"));
        await cli.CreateSourceAsync("trees", cli.WriteCatalog("b.json"));

        var (off, inactive) = await cli.RunJsonAsync("source", "update", "parks", "--active", "false");
        CliJson.AssertExit(0, off);
        Assert.False(inactive.GetProperty("active").GetBoolean());
        Assert.Equal(["trees"], await SourceNamesAsync(cli));
        Assert.Equal(["parks", "trees"], await SourceNamesAsync(cli, "--all"));

        var (on, active) = await cli.RunJsonAsync("source", "update", "parks", "--active", "true");
        CliJson.AssertExit(0, on);
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(["parks", "trees"], await SourceNamesAsync(cli));
    }

    [Fact]
    public async Task Sources_lists_every_source_with_its_shape()
    {
        using var cli = new CliRunner();
        var (empty, none) = await cli.RunJsonAsync("sources");
        CliJson.AssertExit(0, empty);
        Assert.Empty(CliJson.Items(none));

        await cli.CreateSourceAsync("parks", cli.WriteCatalog("a.json"));
        await cli.CreateSourceAsync("trees", cli.WriteCatalog("b.json"));
        var (result, sources) = await cli.RunJsonAsync("sources");

        CliJson.AssertExit(0, result);
        var items = CliJson.Items(sources);
        items.ForEach(CliJson.AssertSourceShape);
        Assert.Equal(["parks", "trees"], items.Select(s => CliJson.Text(s, "name")).Order());
    }

    [Fact]
    public async Task Remove_deactivates_the_source_aborts_its_new_job_and_keeps_its_datasets()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        var (_, job) = await cli.RunJsonAsync("job", "parks");

        var (result, removed) = await cli.RunJsonAsync("source", "remove", "parks");

        CliJson.AssertExit(0, result);
        CliJson.AssertSourceShape(removed);
        Assert.False(removed.GetProperty("active").GetBoolean());
        Assert.Empty(await SourceNamesAsync(cli));
        Assert.Equal(["parks"], await SourceNamesAsync(cli, "--all"));
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        var aborted = CliJson.Items(jobs).Single(j => CliJson.Id(j) == CliJson.Id(job));
        Assert.Equal("Aborted", CliJson.Text(aborted, "status"));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "parks");
        Assert.Equal(2, CliJson.Items(datasets).Count);
        // An inactive source takes no new job.
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("job", "parks", "--json"), 2, "not active");
    }

    [Fact]
    public async Task Clear_removes_datasets_and_jobs_but_keeps_the_source()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await cli.CreateSourceAsync("parks", catalog);
        await cli.CreateSourceAsync("other", cli.WriteCatalog("o.json", DataJsonBuilder.Record("o", "Other")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "other"));

        var (result, cleared) = await cli.RunJsonAsync("source", "clear", "parks");

        CliJson.AssertExit(0, result);
        Assert.Equal("parks", CliJson.Text(cleared, "name"));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "parks", "--include-deleted");
        Assert.Empty(CliJson.Items(datasets));
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Empty(CliJson.Items(jobs));
        Assert.Equal(["other", "parks"], await SourceNamesAsync(cli));
        var (_, otherDatasets) = await cli.RunJsonAsync("datasets", "--source", "other");
        Assert.Single(CliJson.Items(otherDatasets));

        // Harvesting again after a clear adds everything anew.
        var (_, again) = await cli.RunJsonAsync("run-test", "parks");
        Assert.Equal([2, 0, 0, 0, 0], CliJson.Stats(again));
    }

    [Fact]
    public async Task Delete_removes_the_source_with_its_datasets_and_jobs()
    {
        using var cli = new CliRunner();
        var created = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));

        var (result, deleted) = await cli.RunJsonAsync("source", "delete", CliJson.Id(created));

        CliJson.AssertExit(0, result);
        Assert.Equal("parks", CliJson.Text(deleted, "name"));
        Assert.Empty(await SourceNamesAsync(cli, "--all"));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--include-deleted");
        Assert.Empty(CliJson.Items(datasets));
        var (_, jobs) = await cli.RunJsonAsync("jobs");
        Assert.Empty(CliJson.Items(jobs));
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("source", "show", "parks", "--json"), 2, "'parks'");
    }

    [Fact]
    public async Task Clear_history_removes_finished_jobs_and_keeps_datasets()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        var (_, newJob) = await cli.RunJsonAsync("job", "parks");

        var (result, cleared) = await cli.RunJsonAsync("source", "clear-history", "parks");

        CliJson.AssertExit(0, result);
        Assert.Equal(2, cleared.GetProperty("jobsRemoved").GetInt32());
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Equal([CliJson.Id(newJob)], CliJson.Items(jobs).Select(CliJson.Id));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "parks");
        Assert.Equal(2, CliJson.Items(datasets).Count);
    }

    [Fact]
    public async Task Clear_history_keep_current_keeps_the_job_holding_the_current_objects()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await cli.CreateSourceAsync("parks", catalog);
        var (_, first) = await cli.RunJsonAsync("run-test", "parks");
        var (_, second) = await cli.RunJsonAsync("run-test", "parks"); // all not modified: the first job's objects stay current
        Assert.Equal([0, 0, 2, 0, 0], CliJson.Stats(second));

        var (result, cleared) = await cli.RunJsonAsync("source", "clear-history", "parks", "--keep-current");

        CliJson.AssertExit(0, result);
        Assert.Equal(1, cleared.GetProperty("jobsRemoved").GetInt32());
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Equal([CliJson.Id(first)], CliJson.Items(jobs).Select(CliJson.Id));

        // The current objects survived: a third run still finds them unchanged, and import still has them.
        var (_, third) = await cli.RunJsonAsync("run-test", "parks");
        Assert.Equal([0, 0, 2, 0, 0], CliJson.Stats(third));
        var (_, reimported) = await cli.RunJsonAsync("import", "parks");
        Assert.Equal(2, reimported.GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task Clear_history_without_a_source_clears_every_source()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("a.json", DataJsonBuilder.Record("a", "Alpha")));
        await cli.CreateSourceAsync("trees", cli.WriteCatalog("b.json", DataJsonBuilder.Record("b", "Beta")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "trees"));

        var (result, cleared) = await cli.RunJsonAsync("source", "clear-history");

        CliJson.AssertExit(0, result);
        Assert.Equal(2, cleared.GetProperty("jobsRemoved").GetInt32());
        var (_, jobs) = await cli.RunJsonAsync("jobs");
        Assert.Empty(CliJson.Items(jobs));
        var (_, datasets) = await cli.RunJsonAsync("datasets");
        Assert.Equal(2, CliJson.Items(datasets).Count);
    }

    private static async Task<List<string>> SourceNamesAsync(CliRunner cli, params string[] options)
    {
        var (result, sources) = await cli.RunJsonAsync(["sources", .. options]);
        CliJson.AssertExit(0, result);
        return CliJson.Items(sources).Select(s => CliJson.Text(s, "name")).Order(StringComparer.Ordinal).ToList();
    }
}
