using Harvest.Engine.Harvesters;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// A source with an unknown type or a config its harvester rejects is refused when it is created (or changed),
/// with a message naming the type or each bad key, and nothing is stored.
/// </summary>
public sealed class SourceRefusalTests
{
    private static void AssertNothingStored(TestHarvest harvest)
    {
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
        Assert.Empty(harvest.Engine.Store.ListJobs(new JobQuery()));
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Theory]
    [InlineData("oai-pmh")]
    [InlineData("data-json")]
    [InlineData("")]
    public void An_unknown_source_type_is_refused_at_creation_naming_the_known_types(string type)
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(1));

        var error = Assert.Throws<UnknownSourceTypeException>(() => harvest.AddSource(path, type: type));

        Assert.StartsWith($"unknown source type '{type}' (known types: ckan, csw, datajson, dcat, waf; ", error.Message);
        Assert.Contains("harvester_assemblies", error.Message);
        AssertNothingStored(harvest);
    }

    [Fact]
    public void The_source_type_is_matched_without_regard_to_case()
    {
        using var harvest = new TestHarvest();
        var source = harvest.AddSource(harvest.WriteFile("catalog.data.json", "[]"), type: "DataJSON");
        Assert.Equal("datajson", source.Type);
    }

    [Fact]
    public void A_second_source_for_the_same_URL_and_type_is_refused_whatever_the_case_of_the_type()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", "[]");
        harvest.AddSource(path, type: "datajson", name: "first");

        var error = Assert.Throws<HarvestConflictException>(() => harvest.AddSource(path, type: "DATAJSON", name: "second"));

        Assert.Equal($"harvest source 'first' already harvests {path} as datajson", error.Message);
        Assert.Equal("first", Assert.Single(harvest.Engine.Sources.List(includeInactive: true)).Name);
    }

    [Fact]
    public void An_unknown_type_on_the_one_command_harvest_stores_nothing()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(1));
        var error = Assert.Throws<UnknownSourceTypeException>(() => harvest.Engine.Sources.FindOrCreate(path, "oai-pmh"));
        Assert.Contains("'oai-pmh'", error.Message, StringComparison.Ordinal);
        AssertNothingStored(harvest);
    }

    [Theory]
    [InlineData("{not json", "the config is not valid JSON")]
    [InlineData("[\"default_tags\"]", "the config must be a JSON object")]
    [InlineData("\"default_tags\"", "the config must be a JSON object")]
    [InlineData("""{"default_tag": ["a"]}""", "unknown key 'default_tag' (known keys: default_tags, default_groups, default_extras, filters, excludes, overrides, defaults, validator_schema, continue_on_validation_errors)")]
    [InlineData("""{"default_tags": 5}""", "'default_tags' must be a list of strings")]
    [InlineData("""{"default_tags": ["a", 1]}""", "'default_tags' must be a list of strings")]
    [InlineData("""{"default_groups": {"a": "b"}}""", "'default_groups' must be a list of strings")]
    [InlineData("""{"default_extras": ["a"]}""", "'default_extras' must be an object of string values")]
    [InlineData("""{"default_extras": {"a": {"nested": 1}}}""", "'default_extras' must be an object of string values")]
    public void An_invalid_config_is_refused_at_creation_naming_the_key(string config, string expected)
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(1));

        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddSource(path, config: config));

        Assert.StartsWith("invalid source config: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        AssertNothingStored(harvest);
    }

    [Fact]
    public void Every_bad_key_of_a_config_is_reported_at_once()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(1));

        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddSource(path,
            config: """{"default_tags": 1, "default_extras": [], "filter": {"keyword": "x"}}"""));

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("'default_tags'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'default_extras'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("unknown key 'filter'", StringComparison.Ordinal));
        AssertNothingStored(harvest);
    }

    [Theory]
    [InlineData("A", "name 'A' must be 2-100 characters")]
    [InlineData("has space", "name 'has space' must be 2-100 characters")]
    [InlineData("-leading", "name '-leading' must be 2-100 characters")]
    public void An_invalid_name_is_refused_naming_it(string name, string expected)
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceException>(() => harvest.AddSource(harvest.WriteFile("c.json", "[]"), name: name));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertNothingStored(harvest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_url_is_refused(string url)
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceException>(() => harvest.AddSource(url));
        Assert.Contains("url must not be empty", error.Message, StringComparison.Ordinal);
        AssertNothingStored(harvest);
    }

    [Fact]
    public async Task A_refused_second_source_leaves_the_first_and_its_datasets_alone()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(3));
        var first = harvest.AddSource(path, config: """{"default_tags": ["a", " b"]}""");
        Assert.Equal("""{"default_tags":["a","b"]}""", first.Config);
        Assert.Equal(3, (await harvest.RunAsync()).Stats.Added);
        var before = CatalogState.Snapshot(harvest);

        var other = harvest.WriteFile("other.data.json", CatalogState.Catalog(1));
        Assert.Throws<UnknownSourceTypeException>(() => harvest.AddSource(other, type: "nope", name: "other"));
        Assert.Throws<InvalidSourceConfigException>(() => harvest.AddSource(other, name: "other", config: "{\"x\": 1}"));

        Assert.Equal(first, Assert.Single(harvest.Engine.Sources.List(includeInactive: true)));
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public void A_refused_update_leaves_the_source_as_it_was()
    {
        using var harvest = new TestHarvest();
        var source = harvest.AddSource(harvest.WriteFile("catalog.data.json", "[]"), config: """{"default_groups": ["g"]}""");

        Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = """{"default_groups": 3}""" }));
        Assert.Throws<UnknownSourceTypeException>(() =>
            harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Type = "nope", Title = "changed" }));

        Assert.Equal(source, harvest.Engine.Sources.Get("test-source"));
    }

    [Fact]
    public async Task The_CLI_refuses_an_unknown_type_and_a_bad_config_with_exit_code_2_and_stores_nothing()
    {
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Folder, "catalog.data.json");
        await File.WriteAllTextAsync(path, CatalogState.Catalog(1));

        var unknown = await cli.RunAsync("source", "create", "mine", path, "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown source type 'nope'", unknown.Stderr, StringComparison.Ordinal);

        var badConfig = await cli.RunAsync("source", "create", "mine", path, "datajson", "--config", """{"default_tags": 5}""");
        Assert.Equal(2, badConfig.ExitCode);
        Assert.Contains("'default_tags' must be a list of strings", badConfig.Stderr, StringComparison.Ordinal);

        var harvestUnknown = await cli.RunAsync("harvest", path, "--type", "nope");
        Assert.Equal(2, harvestUnknown.ExitCode);

        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        Assert.Equal(0, sources.GetArrayLength());
    }

    [Fact]
    public async Task The_CLI_reports_a_gather_error_with_exit_code_1_naming_the_file()
    {
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Folder, "broken.data.json");
        await File.WriteAllTextAsync(path, "{\"dataset\": [\n{\"identifier\": \"a\", \"title\": \"A\"},\n{oops}\n]}");

        var result = await cli.RunAsync("harvest", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path} is not valid JSON at line 3", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
