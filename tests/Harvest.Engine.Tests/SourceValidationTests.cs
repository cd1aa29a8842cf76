using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>Creating sources: names, types, configs checked by the harvester, duplicates and local paths.</summary>
public sealed class SourceValidationTests
{
    private static NewSourceRequest Request(string name = "valid-name", string url = "https://example.org/data.json", string type = "datajson", string? config = null) =>
        new() { Name = name, Url = url, Type = type, Config = config };

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("dots.in.name")]
    [InlineData("ünïcode")]
    public void An_invalid_name_is_refused_with_the_name_and_the_rule(string name)
    {
        using var harvest = new TestHarvest();

        var e = Assert.Throws<InvalidSourceException>(() => harvest.Engine.Sources.Create(Request(name)));

        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("lower case", e.Message);
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("city_parks-2026")]
    [InlineData("0-numbers-first")]
    public void Valid_names_are_accepted(string name)
    {
        using var harvest = new TestHarvest();

        Assert.Equal(name, harvest.Engine.Sources.Create(Request(name)).Name);
        Assert.Equal(name, harvest.Engine.Sources.Get(name).Name);
    }

    [Fact]
    public void A_name_over_100_characters_is_refused()
    {
        using var harvest = new TestHarvest();

        Assert.Equal(new string('a', 100), harvest.Engine.Sources.Create(Request(new string('a', 100))).Name);
        Assert.Throws<InvalidSourceException>(() => harvest.Engine.Sources.Create(Request(new string('b', 101))));
    }

    [Fact]
    public void An_empty_url_is_refused()
    {
        using var harvest = new TestHarvest();

        var e = Assert.Throws<InvalidSourceException>(() => harvest.Engine.Sources.Create(Request(url: "  ")));

        Assert.Contains("url", e.Message);
    }

    [Fact]
    public void An_unknown_type_is_refused_with_the_known_types()
    {
        var scripted = new ScriptedHarvester();
        using var harvest = new TestHarvest(registry: scripted.Registry());

        var e = Assert.Throws<UnknownSourceTypeException>(() => harvest.Engine.Sources.Create(Request(type: "oai-pmh")));

        Assert.Contains("'oai-pmh'", e.Message);
        Assert.Contains("datajson", e.Message);
        Assert.Contains(ScriptedHarvester.TypeName, e.Message);
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Fact]
    public void The_type_is_matched_without_regard_to_case_and_stored_as_the_harvesters_name()
    {
        using var harvest = new TestHarvest();

        Assert.Equal("datajson", harvest.Engine.Sources.Create(Request(type: "DataJson")).Type);
    }

    [Fact]
    public void An_invalid_config_is_refused_with_one_message_per_bad_key()
    {
        using var harvest = new TestHarvest();

        var e = Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.Engine.Sources.Create(Request(config: """{"default_tags": 5, "nope": 1, "default_extras": ["x"]}""")));

        Assert.Equal(3, e.Errors.Count);
        Assert.Single(e.Errors, m => m.Contains("'default_tags'") && m.Contains("list of strings"));
        Assert.Single(e.Errors, m => m.Contains("'nope'") && m.Contains("unknown key") && m.Contains("default_groups"));
        Assert.Single(e.Errors, m => m.Contains("'default_extras'"));
        Assert.All(e.Errors, m => Assert.Contains(m, e.Message));
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("\"text\"", "JSON object")]
    public void A_config_that_is_not_a_json_object_is_refused(string config, string message)
    {
        using var harvest = new TestHarvest();

        var e = Assert.Throws<InvalidSourceConfigException>(() => harvest.Engine.Sources.Create(Request(config: config)));

        Assert.Contains(message, Assert.Single(e.Errors));
    }

    [Fact]
    public void A_valid_config_is_stored_normalised()
    {
        using var harvest = new TestHarvest();

        var source = harvest.Engine.Sources.Create(Request(config: """
            { "default_groups": [" Environment ", "Parks "], "default_extras": {"n": 1, "s": "x"}, "default_tags": [" a ", "b"] }
            """));

        var expected = JsonNode.Parse("""{"default_groups":["Environment","Parks"],"default_extras":{"n":"1","s":"x"},"default_tags":["a","b"]}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(source.Config)), source.Config);
        Assert.Equal(source.Config, harvest.Engine.Sources.Get("valid-name").Config);
    }

    [Fact]
    public void A_duplicate_name_is_refused()
    {
        using var harvest = new TestHarvest();
        harvest.Engine.Sources.Create(Request(url: "https://one.example/data.json"));

        var e = Assert.Throws<HarvestConflictException>(() => harvest.Engine.Sources.Create(Request(url: "https://two.example/data.json")));

        Assert.Contains("'valid-name'", e.Message);
        Assert.Equal("https://one.example/data.json", Assert.Single(harvest.Engine.Sources.List()).Url);
    }

    [Fact]
    public void A_second_source_for_the_same_url_and_type_is_refused()
    {
        using var harvest = new TestHarvest();
        harvest.Engine.Sources.Create(Request("first"));

        var e = Assert.Throws<HarvestConflictException>(() => harvest.Engine.Sources.Create(Request("second")));
        var otherCase = Assert.Throws<HarvestConflictException>(() => harvest.Engine.Sources.Create(Request("third", type: "DataJSON")));

        Assert.Contains("'first'", e.Message);
        Assert.Contains("'first'", otherCase.Message);
        Assert.Equal(["first"], harvest.Engine.Sources.List().Select(s => s.Name));
    }

    [Fact]
    public void Moving_a_source_onto_a_url_another_source_harvests_is_refused()
    {
        using var harvest = new TestHarvest();
        harvest.Engine.Sources.Create(Request("first", url: "https://one.example/data.json"));
        harvest.Engine.Sources.Create(Request("second", url: "https://two.example/data.json"));

        var e = Assert.Throws<HarvestConflictException>(() =>
            harvest.Engine.Sources.Update("second", new SourceUpdateRequest { Url = "https://one.example/data.json" }));

        Assert.Contains("'first'", e.Message);
        Assert.Equal("https://two.example/data.json", harvest.Engine.Sources.Get("second").Url);
        // Its own URL again is no clash.
        harvest.Engine.Sources.Update("second", new SourceUpdateRequest { Url = "https://two.example/data.json", Title = "Two" });
        Assert.Equal("Two", harvest.Engine.Sources.Get("second").Title);
    }

    [Fact]
    public void A_relative_local_path_is_stored_absolute()
    {
        using var harvest = new TestHarvest();
        var relative = Path.Combine("some-folder", "..", "catalogs", "city.data.json");

        var source = harvest.Engine.Sources.Create(Request(url: relative));

        Assert.True(Path.IsPathFullyQualified(source.Url), source.Url);
        Assert.Equal(Path.GetFullPath(relative), source.Url);
        Assert.DoesNotContain("..", source.Url);
        Assert.Equal(source.Url, harvest.Engine.Sources.Get("valid-name").Url);
    }

    [Fact]
    public void A_file_url_is_stored_as_its_local_path_and_a_web_url_as_given()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog());

        var file = harvest.Engine.Sources.Create(Request("file-source", url: new Uri(path).AbsoluteUri));
        var web = harvest.Engine.Sources.Create(Request("web-source", url: " https://example.org/Data.json?x=1 "));

        Assert.Equal(path, file.Url);
        Assert.Equal("https://example.org/Data.json?x=1", web.Url);
    }

    [Fact]
    public async Task A_source_created_from_a_relative_path_harvests_from_any_folder()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        Assert.False(Path.IsPathRooted(relative));

        var source = harvest.Engine.Sources.Create(Request(url: relative));
        var report = await harvest.RunAsync(source.Name);

        Assert.Equal(path, source.Url);
        Assert.Equal(1, report.Stats.Added);
    }

    [Fact]
    public void New_sources_are_active_manual_and_titled_after_their_name()
    {
        using var harvest = new TestHarvest();

        var source = harvest.Engine.Sources.Create(Request());

        Assert.True(source.Active);
        Assert.Equal(HarvestFrequency.Manual, source.Frequency);
        Assert.Equal("valid-name", source.Title);
        Assert.Equal("{}", source.Config);
        Assert.Equal(source.SourceId, harvest.Engine.Sources.Get(source.SourceId).SourceId);
    }
}
