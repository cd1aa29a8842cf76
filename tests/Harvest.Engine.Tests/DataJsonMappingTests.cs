using System.Text.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>How a data.json record becomes a dataset: fields, tags, organization, resources, extras and source config defaults.</summary>
public sealed class DataJsonMappingTests
{
    private static Dictionary<string, object?> FullRecord() => new()
    {
        ["@type"] = "dcat:Dataset",
        ["identifier"] = "park-trees-2026",
        ["title"] = "Park Trees",
        ["description"] = "Every tree in every park.",
        ["keyword"] = new[] { "trees", "parks", " trees " },
        ["publisher"] = new Dictionary<string, object?> { ["@type"] = "org:Organization", ["name"] = "Department of Parks & Recreation" },
        ["landingPage"] = "https://city.example/parks/trees",
        ["modified"] = "2026-02-01",
        ["accessLevel"] = "public",
        ["license"] = "https://creativecommons.org/publicdomain/zero/1.0/",
        ["contactPoint"] = new Dictionary<string, object?> { ["fn"] = "Parks Data", ["hasEmail"] = "mailto:data@city.example" },
        ["bureauCode"] = new[] { "010:00" },
        ["theme"] = Array.Empty<string>(),
        ["spatial"] = null,
        ["temporal"] = "  ",
        ["dataQuality"] = true,
        ["programCode"] = new[] { "010:001" },
        ["distribution"] = new object[]
        {
            new Dictionary<string, object?>
            {
                ["@type"] = "dcat:Distribution", ["downloadURL"] = "https://city.example/trees.csv", ["accessURL"] = "https://city.example/trees",
                ["mediaType"] = "text/csv", ["format"] = "CSV", ["title"] = "Trees CSV", ["description"] = "All trees",
            },
            new Dictionary<string, object?> { ["accessURL"] = "https://city.example/trees-api", ["format"] = "API", ["title"] = "Trees API" },
            "not an object",
        },
    };

    private static async Task<(TestHarvest Harvest, Dataset Dataset)> HarvestOneAsync(object record, string? config = null, string? organization = null)
    {
        var harvest = new TestHarvest();
        harvest.Engine.Sources.Create(new NewSourceRequest
        {
            Name = "test-source", Url = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(record)), Type = "datajson",
            Config = config, Organization = organization,
        });
        var report = await harvest.RunAsync();
        Assert.Equal(1, report.Stats.Added);
        return (harvest, Assert.Single(harvest.Engine.Datasets()));
    }

    [Fact]
    public async Task Title_description_landing_page_and_keywords_map_to_dataset_fields()
    {
        var (harvest, dataset) = await HarvestOneAsync(FullRecord());
        using var _ = harvest;

        Assert.Equal("Park Trees", dataset.Title);
        Assert.Equal("park-trees", dataset.Name);
        Assert.Equal("Every tree in every park.", dataset.Notes);
        Assert.Equal("https://city.example/parks/trees", dataset.Url);
        Assert.Equal(["trees", "parks"], dataset.Tags);
        Assert.Equal("park-trees-2026", dataset.Guid);
        Assert.Equal(DatasetState.Active, dataset.State);
    }

    [Fact]
    public async Task The_publisher_becomes_an_organization_of_the_local_catalog()
    {
        var (harvest, dataset) = await HarvestOneAsync(FullRecord());
        using var _ = harvest;

        Assert.Equal("department-of-parks-recreation", dataset.Organization);
        var organization = Assert.Single(harvest.Engine.Store.ListGroups(organizations: true));
        Assert.Equal("department-of-parks-recreation", organization.Name);
        Assert.Equal("Department of Parks & Recreation", organization.Title);
        Assert.True(organization.IsOrganization);
        Assert.Empty(harvest.Engine.Store.ListGroups(organizations: false));
    }

    [Fact]
    public async Task Records_of_one_publisher_share_one_organization()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"))));

        await harvest.RunAsync();

        Assert.Equal("test-agency", Assert.Single(harvest.Engine.Store.ListGroups(organizations: true)).Name);
        Assert.All(harvest.Engine.Datasets(), d => Assert.Equal("test-agency", d.Organization));
    }

    [Fact]
    public async Task Without_a_publisher_the_sources_organization_is_used()
    {
        var record = new Dictionary<string, object?> { ["identifier"] = "x", ["title"] = "No Publisher" };
        var (harvest, dataset) = await HarvestOneAsync(record, organization: "City Hall");
        using var _ = harvest;

        Assert.Equal("city-hall", dataset.Organization);
        Assert.Equal("City Hall", Assert.Single(harvest.Engine.Store.ListGroups(organizations: true)).Title);
    }

    [Fact]
    public async Task Without_any_publisher_or_source_organization_there_is_no_organization()
    {
        var record = new Dictionary<string, object?> { ["identifier"] = "x", ["title"] = "No Publisher" };
        var (harvest, dataset) = await HarvestOneAsync(record);
        using var _ = harvest;

        Assert.Null(dataset.Organization);
        Assert.Empty(harvest.Engine.Store.ListGroups(organizations: true));
    }

    [Fact]
    public async Task Distributions_become_resources_with_the_download_url_else_the_access_url()
    {
        var (harvest, dataset) = await HarvestOneAsync(FullRecord());
        using var _ = harvest;

        Assert.Equal(2, dataset.Resources.Count);
        var csv = dataset.Resources[0];
        Assert.Equal("https://city.example/trees.csv", csv.Url);
        Assert.Equal("Trees CSV", csv.Name);
        Assert.Equal("All trees", csv.Description);
        Assert.Equal("CSV", csv.Format);
        Assert.Equal("text/csv", csv.MediaType);
        var api = dataset.Resources[1];
        Assert.Equal("https://city.example/trees-api", api.Url);
        Assert.Equal("API", api.Format);
        Assert.Null(api.MediaType);
    }

    [Fact]
    public async Task Other_fields_are_kept_as_extras_with_objects_and_arrays_as_json()
    {
        var (harvest, dataset) = await HarvestOneAsync(FullRecord());
        using var _ = harvest;
        var extras = dataset.Extras;

        Assert.Equal("park-trees-2026", extras["identifier"]);
        Assert.Equal("2026-02-01", extras["modified"]);
        Assert.Equal("public", extras["accessLevel"]);
        Assert.Equal("https://creativecommons.org/publicdomain/zero/1.0/", extras["license"]);
        Assert.Equal("true", extras["dataQuality"]);
        Assert.Equal(["010:00"], JsonSerializer.Deserialize<string[]>(extras["bureauCode"])!);
        Assert.Equal(["010:001"], JsonSerializer.Deserialize<string[]>(extras["programCode"])!);
        var contact = JsonDocument.Parse(extras["contactPoint"]).RootElement;
        Assert.Equal("mailto:data@city.example", contact.GetProperty("hasEmail").GetString());
        // Mapped fields are not repeated as extras; empty values are dropped.
        foreach (var key in new[] { "title", "description", "keyword", "distribution", "landingPage", "@type", "theme", "spatial", "temporal" })
            Assert.False(extras.ContainsKey(key), $"extra '{key}' should not be there");
    }

    [Fact]
    public async Task A_comma_separated_keyword_string_gives_one_tag_per_keyword()
    {
        var record = new Dictionary<string, object?> { ["identifier"] = "x", ["title"] = "Commas", ["keyword"] = "water, air ,,soil" };
        var (harvest, dataset) = await HarvestOneAsync(record);
        using var _ = harvest;

        Assert.Equal(["water", "air", "soil"], dataset.Tags);
    }

    [Fact]
    public async Task Default_tags_groups_and_extras_from_the_source_config_are_added()
    {
        const string config = """
            {"default_tags": ["city", "trees"], "default_groups": ["Environment", "Open Data"],
             "default_extras": {"harvest_note": "from the city", "accessLevel": "restricted public"}}
            """;
        var (harvest, dataset) = await HarvestOneAsync(FullRecord(), config);
        using var _ = harvest;

        Assert.Equal(["trees", "parks", "city"], dataset.Tags);
        Assert.Equal(["environment", "open-data"], dataset.Groups);
        Assert.Equal(["environment", "open-data"], harvest.Engine.Store.ListGroups(organizations: false).Select(g => g.Name));
        Assert.Equal("Open Data", harvest.Engine.Store.ListGroups(organizations: false).Single(g => g.Name == "open-data").Title);
        Assert.Equal("from the city", dataset.Extras["harvest_note"]);
        // A record's own field wins over a default extra of the same name.
        Assert.Equal("public", dataset.Extras["accessLevel"]);
    }

    [Fact]
    public void Default_tags_and_groups_given_as_one_string_are_refused_naming_the_key()
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.AddSource(harvest.WriteFile("c.json", "[]"), config: """{"default_tags": "one, two", "default_groups": "g"}"""));
        Assert.Equal(
            ["'default_tags' must be a list of strings, not a single string (write [\"...\"])",
             "'default_groups' must be a list of strings, not a single string (write [\"...\"])"],
            error.Errors);
    }

    [Fact]
    public async Task A_record_without_description_landing_page_or_distribution_has_empty_fields()
    {
        var record = new Dictionary<string, object?> { ["identifier"] = "bare", ["title"] = "Bare" };
        var (harvest, dataset) = await HarvestOneAsync(record);
        using var _ = harvest;

        Assert.Null(dataset.Notes);
        Assert.Null(dataset.Url);
        Assert.Empty(dataset.Tags);
        Assert.Empty(dataset.Groups);
        Assert.Empty(dataset.Resources);
        Assert.Equal("bare", Assert.Single(dataset.Extras).Value);
    }

    [Fact]
    public async Task An_older_bare_array_catalog_is_read_too()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json",
            JsonSerializer.Serialize(new[] { DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta") })));

        var report = await harvest.RunAsync();

        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(["alpha", "beta"], harvest.Engine.Datasets().Select(d => d.Name));
    }
}
