using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>initdb, harvest, harvesters-info and datasets through the CLI with --json.</summary>
public sealed class CliCatalogCommandTests
{
    [Fact]
    public async Task Initdb_creates_the_store_named_by_the_settings_and_is_repeatable()
    {
        using var cli = new CliRunner();
        Assert.False(File.Exists(cli.DatabasePath()));

        var (first, created) = await cli.RunJsonAsync("initdb");
        var (second, again) = await cli.RunJsonAsync("initdb");

        CliJson.AssertExit(0, first);
        CliJson.AssertExit(0, second);
        Assert.True(File.Exists(cli.DatabasePath()));
        Assert.Equal(cli.DatabasePath(), CliJson.Text(created, "database"));
        var version = created.GetProperty("schemaVersion").GetInt32();
        Assert.True(version >= 1, $"schema version {version}");
        Assert.Equal(version, again.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Harvesters_info_lists_datajson_with_its_config_keys()
    {
        using var cli = new CliRunner();

        var (result, harvesters) = await cli.RunJsonAsync("harvesters-info");

        CliJson.AssertExit(0, result);
        var datajson = Assert.Single(CliJson.Items(harvesters), h => CliJson.Text(h, "name") == "datajson");
        CliJson.AssertNonEmptyString(datajson, "title");
        CliJson.AssertNonEmptyString(datajson, "description");
        var keys = CliJson.Items(datajson.GetProperty("config"));
        Assert.Equal(
            ["conditional_get", "continue_on_validation_errors", "default_extras", "default_groups", "default_tags", "defaults", "excludes", "filters",
             "force_delete", "max_delete_percent", "notification_emails", "overrides", "validator_schema"],
            keys.Select(k => CliJson.Text(k, "key")).Order());
        Assert.All(keys, k =>
        {
            CliJson.AssertNonEmptyString(k, "type");
            CliJson.AssertNonEmptyString(k, "description");
        });
    }

    [Fact]
    public async Task Harvest_creates_the_source_on_first_use_and_reuses_it_after()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("parks.data.json", DataJsonBuilder.Record("a", "Alpha"));

        var (first, report) = await cli.RunJsonAsync("harvest", catalog, "--name", "city-parks");
        var (second, again) = await cli.RunJsonAsync("harvest", catalog);

        CliJson.AssertExit(0, first);
        CliJson.AssertExit(0, second);
        CliJson.AssertJobShape(report);
        Assert.Equal("city-parks", CliJson.Text(report, "source"));
        Assert.Equal(CliJson.Text(report, "sourceId"), CliJson.Text(again, "sourceId"));
        Assert.Equal([0, 0, 1, 0, 0], CliJson.Stats(again));
        var (_, sources) = await cli.RunJsonAsync("sources");
        var source = Assert.Single(CliJson.Items(sources));
        Assert.Equal("city-parks", CliJson.Text(source, "name"));
        Assert.Equal(catalog, CliJson.Text(source, "url"));
    }

    [Fact]
    public async Task Harvest_names_a_new_source_after_the_file()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("river-levels.data.json", DataJsonBuilder.Record("a", "Alpha"));

        var (result, report) = await cli.RunJsonAsync("harvest", catalog);

        CliJson.AssertExit(0, result);
        Assert.Equal("river-levels", CliJson.Text(report, "source"));
    }

    [Fact]
    public async Task Datasets_carry_the_documented_keys_and_the_mapped_fields()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha Parks", "Where the parks are", "parks", "green"));
        var (_, report) = await cli.RunJsonAsync("harvest", catalog, "--name", "parks");

        var (result, datasets) = await cli.RunJsonAsync("datasets");

        CliJson.AssertExit(0, result);
        var dataset = Assert.Single(CliJson.Items(datasets));
        CliJson.AssertDatasetShape(dataset);
        Assert.Equal("alpha-parks", CliJson.Text(dataset, "name"));
        Assert.Equal("Alpha Parks", CliJson.Text(dataset, "title"));
        Assert.Equal("Active", CliJson.Text(dataset, "state"));
        Assert.Equal("Where the parks are", CliJson.Text(dataset, "notes"));
        Assert.Equal("a", CliJson.Text(dataset, "guid"));
        Assert.Equal(CliJson.Text(report, "sourceId"), CliJson.Text(dataset, "sourceId"));
        Assert.Equal(["parks", "green"], dataset.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("https://example.org/a.csv", CliJson.Text(dataset.GetProperty("resources")[0], "url"));
        Assert.Equal("a", CliJson.Text(dataset.GetProperty("extras"), "identifier"));
    }

    [Fact]
    public async Task Datasets_filter_by_source_and_by_search_text()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("p.json",
            DataJsonBuilder.Record("p1", "City Parks"), DataJsonBuilder.Record("p2", "Playgrounds", "Equipment in parks")));
        await cli.CreateSourceAsync("roads", cli.WriteCatalog("r.json", DataJsonBuilder.Record("r1", "Road Works"), DataJsonBuilder.Record("r2", "Parking")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "roads"));

        Assert.Equal(["city-parks", "parking", "playgrounds", "road-works"], await NamesAsync(cli));
        Assert.Equal(["city-parks", "playgrounds"], await NamesAsync(cli, "--source", "parks"));
        Assert.Equal(["parking", "road-works"], await NamesAsync(cli, "--source", "roads"));
        // name, title or description; case does not matter
        Assert.Equal(["city-parks", "parking", "playgrounds"], await NamesAsync(cli, "--search", "PARK"));
        Assert.Equal(["playgrounds"], await NamesAsync(cli, "--search", "equipment"));
        Assert.Equal(["parking"], await NamesAsync(cli, "--source", "roads", "--search", "park"));
        Assert.Empty(await NamesAsync(cli, "--search", "nothing like this"));
    }

    [Theory]
    [InlineData("100%", "100-renewable")]
    [InlineData("road_works", "road_works-schedule")]
    [InlineData("50\\50", "a-50-50-split")]
    public async Task Datasets_search_takes_wildcard_characters_literally(string search, string expected)
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("city", cli.WriteCatalog("c.json",
            DataJsonBuilder.Record("a", "100% renewable", "Power from 100% renewable sources"),
            DataJsonBuilder.Record("b", "1000 trees", "One thousand trees"),
            DataJsonBuilder.Record("c", "road_works schedule", "When road_works happen"),
            DataJsonBuilder.Record("d", "roadXworks", "Other works"),
            DataJsonBuilder.Record("e", "A 50-50 split", "Costs split 50\\50")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "city"));

        Assert.Equal([expected], await NamesAsync(cli, "--search", search));
    }

    [Fact]
    public async Task Datasets_include_deleted_shows_datasets_whose_records_vanished()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await cli.CreateSourceAsync("parks", catalog);
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        cli.WriteCatalog("c.json", DataJsonBuilder.Record("b", "Beta"));

        var (result, report) = await cli.RunJsonAsync("run-test", "parks");

        CliJson.AssertExit(0, result);
        Assert.Equal([0, 0, 1, 1, 0], CliJson.Stats(report));
        Assert.Equal(["beta"], await NamesAsync(cli));
        var (_, all) = await cli.RunJsonAsync("datasets", "--include-deleted");
        var items = CliJson.Items(all);
        items.ForEach(CliJson.AssertDatasetShape);
        Assert.Equal("Deleted", CliJson.Text(items.Single(d => CliJson.Text(d, "name") == "alpha"), "state"));
        Assert.Equal("Active", CliJson.Text(items.Single(d => CliJson.Text(d, "name") == "beta"), "state"));

        // The record comes back: the dataset is restored under its old name.
        cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        var (_, restored) = await cli.RunJsonAsync("run-test", "parks");
        Assert.Equal([0, 1, 1, 0, 0], CliJson.Stats(restored));
        Assert.Equal(["alpha", "beta"], await NamesAsync(cli));
    }

    [Fact]
    public async Task Datasets_of_an_empty_store_is_an_empty_array()
    {
        using var cli = new CliRunner();
        var (result, datasets) = await cli.RunJsonAsync("datasets");
        CliJson.AssertExit(0, result);
        Assert.Empty(CliJson.Items(datasets));
    }

    private static async Task<List<string>> NamesAsync(CliRunner cli, params string[] options)
    {
        var (result, datasets) = await cli.RunJsonAsync(["datasets", .. options]);
        CliJson.AssertExit(0, result);
        var items = CliJson.Items(datasets);
        items.ForEach(CliJson.AssertDatasetShape);
        return items.Select(d => CliJson.Text(d, "name")).Order(StringComparer.Ordinal).ToList();
    }
}
