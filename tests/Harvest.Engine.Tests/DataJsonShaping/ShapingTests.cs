using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Harvesters.DataJson;
using Harvest.Harvesters.DataJson.Shaping;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>Source config filters, excludes, overrides and defaults (DKAN Harvest's shaping of data.json records).</summary>
public sealed class ShapingTests
{
    private const string DkanFiltersConfig = """
        { "filters": { "keyword": ["election"] }, "excludes": { "keyword": ["politics"] },
          "defaults": { "awesomekey": "politics" }, "overrides": { "publisher.name": "nucivic" } }
        """;

    [FixtureFact]
    public async Task The_dkan_filters_fixture_keeps_exactly_one_dataset_whose_publisher_reads_nucivic()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("dkan-filters.data.json"), config: DkanFiltersConfig);
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = Assert.Single(harvest.Engine.Datasets("test-source"));
        Assert.Equal("90a2b708-7fea-4b92-8aee-43c4cfdd5f48", dataset.Guid);
        Assert.Equal("nucivic", dataset.Organization);
        Assert.Equal("nucivic", JsonNode.Parse(dataset.Extras["publisher"])!["name"]!.GetValue<string>());
        Assert.Equal("politics", dataset.Extras["awesomekey"]);
        // The dropped records never had datasets: nothing is reported deleted, now or on the next run.
        var again = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 1 }, again.Stats);
    }

    [FixtureFact]
    public async Task Without_shaping_the_dkan_filters_fixture_imports_all_four()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("dkan-filters.data.json"));
        Assert.Equal(new JobStats { Added = 4 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public void Each_bad_shaping_key_gets_its_own_message()
    {
        var validation = new DataJsonHarvester().ValidateConfig(JsonNode.Parse("""
            { "filters": "keyword=election", "excludes": { "": "x", "keyword": {"a": 1} },
              "overrides": ["publisher.name"], "defaults": { "a..b": 1 }, "validator_schema": "state",
              "continue_on_validation_errors": "yes" }
            """)!.AsObject());
        Assert.False(validation.IsValid);
        Assert.Equal(6, validation.Errors.Count);
        Assert.Contains(validation.Errors, e => e.StartsWith("'filters' must be an object", StringComparison.Ordinal));
        Assert.Contains(validation.Errors, e => e.StartsWith("'excludes':", StringComparison.Ordinal) && e.Contains("empty segment") && e.Contains("'keyword' must be a string"));
        Assert.Contains(validation.Errors, e => e.StartsWith("'overrides' must be an object", StringComparison.Ordinal));
        Assert.Contains(validation.Errors, e => e.StartsWith("'defaults':", StringComparison.Ordinal) && e.Contains("'a..b'"));
        Assert.Contains(validation.Errors, e => e.StartsWith("'validator_schema' must be 'federal' or 'non-federal'", StringComparison.Ordinal));
        Assert.Contains(validation.Errors, e => e.StartsWith("'continue_on_validation_errors' must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void A_source_with_a_bad_shaping_config_is_refused_with_the_message()
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.AddSource(harvest.WriteFile("c.json", DataJsonBuilder.Catalog()), config: """{"filters": {"keyword": []}}"""));
        Assert.Contains("'keyword' lists no values", error.Message);
    }

    [Fact]
    public void A_single_value_is_normalised_to_a_list_and_paths_are_trimmed()
    {
        var validation = new DataJsonHarvester().ValidateConfig(JsonNode.Parse("""{ "filters": { " keyword ": " election " } }""")!.AsObject());
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Equal("""{"filters":{"keyword":["election"]}}""", validation.Config!.ToJsonString());
    }

    private static JsonObject Shape(string config, string record)
    {
        var normalised = new DataJsonHarvester().ValidateConfig(JsonNode.Parse(config)!.AsObject());
        Assert.True(normalised.IsValid, string.Join("; ", normalised.Errors));
        var node = JsonNode.Parse(record)!.AsObject();
        var outcome = RecordShaper.From(normalised.Config!).Apply(node);
        Assert.Equal(ShapingAction.Kept, outcome.Action);
        return node;
    }

    private static ShapingOutcome Outcome(string config, string record) =>
        RecordShaper.From(new DataJsonHarvester().ValidateConfig(JsonNode.Parse(config)!.AsObject()).Config!).Apply(JsonNode.Parse(record)!.AsObject());

    [Fact]
    public void Filters_compare_exactly_after_trimming_and_match_any_array_element()
    {
        const string config = """{ "filters": { "keyword": "Election" } }""";
        Assert.Equal(ShapingAction.Kept, Outcome(config, """{"keyword": ["x", "  Election "]}""").Action);
        Assert.Equal(ShapingAction.Filtered, Outcome(config, """{"keyword": ["election"]}""").Action); // case matters
        Assert.Equal(ShapingAction.Filtered, Outcome(config, """{"keyword": ["Elections"]}""").Action); // no substring match
        var missing = Outcome(config, """{"title": "no keywords"}""");
        Assert.Equal(ShapingAction.Filtered, missing.Action);
        Assert.Contains("keyword is none of 'Election'", missing.Reason);
    }

    [Fact]
    public void Filters_keep_a_record_when_any_filter_path_matches()
    {
        const string config = """{ "filters": { "keyword": "health", "publisher.name": ["Agency A", "Agency B"] } }""";
        Assert.Equal(ShapingAction.Kept, Outcome(config, """{"keyword": ["x"], "publisher": {"name": "Agency B"}}""").Action);
        Assert.Equal(ShapingAction.Kept, Outcome(config, """{"keyword": ["health"], "publisher": {"name": "Other"}}""").Action);
        Assert.Equal(ShapingAction.Filtered, Outcome(config, """{"keyword": ["x"], "publisher": {"name": "Other"}}""").Action);
    }

    [Fact]
    public void Paths_reach_into_arrays_by_index_or_across_elements()
    {
        Assert.Equal(ShapingAction.Excluded, Outcome("""{ "excludes": { "distribution.format": "ZIP" } }""",
            """{"distribution": [{"format": "CSV"}, {"format": "ZIP"}]}""").Action);
        Assert.Equal(ShapingAction.Kept, Outcome("""{ "excludes": { "distribution.0.format": "ZIP" } }""",
            """{"distribution": [{"format": "CSV"}, {"format": "ZIP"}]}""").Action);
        Assert.Equal(ShapingAction.Excluded, Outcome("""{ "excludes": { "distribution.1.format": "ZIP" } }""",
            """{"distribution": [{"format": "CSV"}, {"format": "ZIP"}]}""").Action);
        Assert.Equal(ShapingAction.Excluded, Outcome("""{ "excludes": { "bureauCode": "015:11" } }""", """{"bureauCode": ["015:11"]}""").Action);
    }

    [Fact]
    public void Excludes_run_after_filters_and_name_the_value_that_matched()
    {
        var outcome = Outcome("""{ "filters": { "keyword": "election" }, "excludes": { "keyword": "politics" } }""",
            """{"keyword": ["election", "politics"]}""");
        Assert.Equal(ShapingAction.Excluded, outcome.Action);
        Assert.Equal("keyword is 'politics' (excluded)", outcome.Reason);
    }

    [Fact]
    public void Overrides_set_paths_creating_intermediate_objects_and_indexing_arrays()
    {
        var shaped = Shape("""{ "overrides": { "publisher.name": "nucivic", "contactPoint.fn": "Desk", "distribution.0.format": "CSV", "theme": ["a", "b"] } }""",
            """{"publisher": {"name": "Old"}, "distribution": [{"format": "csv"}, {"format": "zip"}]}""");
        Assert.Equal("nucivic", shaped["publisher"]!["name"]!.GetValue<string>());
        Assert.Equal("Desk", shaped["contactPoint"]!["fn"]!.GetValue<string>());
        Assert.Equal("CSV", shaped["distribution"]![0]!["format"]!.GetValue<string>());
        Assert.Equal("zip", shaped["distribution"]![1]!["format"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", shaped["theme"]!.ToJsonString());
    }

    [Fact]
    public void Defaults_fill_only_missing_or_empty_values()
    {
        const string config = """{ "defaults": { "a": "x", "b": "x", "c": "x", "d": "x", "e": "x", "f": "x", "g.h": "x" } }""";
        var shaped = Shape(config, """{"a": null, "b": "", "c": [], "d": {}, "e": "kept", "f": 0}""");
        Assert.Equal("x", shaped["a"]!.GetValue<string>());
        Assert.Equal("x", shaped["b"]!.GetValue<string>());
        Assert.Equal("x", shaped["c"]!.GetValue<string>());
        Assert.Equal("x", shaped["d"]!.GetValue<string>());
        Assert.Equal("kept", shaped["e"]!.GetValue<string>());
        Assert.Equal(0, shaped["f"]!.GetValue<int>());
        Assert.Equal("x", shaped["g"]!["h"]!.GetValue<string>());
    }

    [Fact]
    public void Overrides_apply_before_defaults()
    {
        var shaped = Shape("""{ "overrides": { "accessLevel": "" }, "defaults": { "accessLevel": "public" } }""", """{"accessLevel": "non-public"}""");
        Assert.Equal("public", shaped["accessLevel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_config_change_reimports_exactly_the_records_it_changes()
    {
        using var harvest = new TestHarvest();
        var a = (Dictionary<string, object?>)DataJsonBuilder.Record("a", "Alpha");
        a.Remove("accessLevel");
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(a, DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma")));
        harvest.AddSource(path);
        Assert.Equal(new JobStats { Added = 3 }, (await harvest.RunAsync()).Stats);

        harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = """{"defaults": {"accessLevel": "restricted public"}}""" });
        Assert.Equal(new JobStats { Updated = 1, NotModified = 2 }, (await harvest.RunAsync()).Stats);
        Assert.Equal("restricted public", harvest.Engine.Datasets("test-source").Single(d => d.Guid == "a").Extras["accessLevel"]);
        Assert.Equal(new JobStats { NotModified = 3 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public async Task A_record_filtered_out_later_has_its_dataset_orphaned_and_restored_when_the_filter_lets_it_back()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha", null, "keep"), DataJsonBuilder.Record("b", "Beta", null, "drop")));
        harvest.AddSource(path);
        Assert.Equal(new JobStats { Added = 2 }, (await harvest.RunAsync()).Stats);

        harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = """{"excludes": {"keyword": "drop"}}""" });
        var report = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 1, Deleted = 1 }, report.Stats);
        Assert.Equal(new RunEvents(0, 0, 1, 0, 1), report.Events);
        Assert.Equal(DatasetState.Deleted, harvest.Engine.Datasets("test-source", includeDeleted: true).Single(d => d.Guid == "b").State);

        harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = "{}" });
        Assert.Equal(new JobStats { NotModified = 1, Updated = 1 }, (await harvest.RunAsync()).Stats);
        Assert.All(harvest.Engine.Datasets("test-source"), d => Assert.Equal(DatasetState.Active, d.State));
    }
}
