using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>The dcat type through the stock CLI: harvesters-info, preview of an unsaved catalog, config refusal, a harvest.</summary>
public sealed class CliDcatTests
{
    private const string Catalog = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <http://example.test/ds/a> a dcat:Dataset ; dct:title "Alpha" .
        [] a dcat:Dataset ; dct:title "Nameless" .
        """;

    [Fact]
    public async Task Harvesters_info_lists_dcat_with_its_config_keys()
    {
        using var cli = new CliRunner();
        var (result, json) = await cli.RunJsonAsync("harvesters-info");
        Assert.Equal(0, result.ExitCode);
        var dcat = json.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "dcat");
        Assert.Contains("Turtle", dcat.GetProperty("description").GetString());
        Assert.Equal(["conditional_get", "default_extras", "default_groups", "default_tags", "delete_missing", "force_delete", "jsonld_contexts", "language",
             "max_delete_percent", "notification_emails", "rdf_format"],
            dcat.GetProperty("config").EnumerateArray().Select(k => k.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("rdf_format", (await cli.RunAsync("harvesters-info")).Stdout);
    }

    [Fact]
    public async Task Preview_says_what_each_dataset_would_become_and_a_bad_config_is_refused_per_key()
    {
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Folder, "catalog.ttl");
        await File.WriteAllTextAsync(path, Catalog);

        var (result, json) = await cli.RunJsonAsync("preview", "--url", path, "--type", "dcat");
        Assert.Equal(1, result.ExitCode);
        var actions = json.GetProperty("records").EnumerateArray()
            .Select(r => (r.GetProperty("guid").GetString(), r.GetProperty("action").GetString())).ToList();
        Assert.Equal([("http://example.test/ds/a", "create"), ("", "invalid")], actions);

        var refused = await cli.RunAsync("source", "create", "bad", path, "dcat", "--config", """{"rdf_format": "csv", "language": 7}""");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'rdf_format' must be turtle, n-triples, rdf/xml or json-ld", refused.Stderr);
        Assert.Contains("'language' must be a string", refused.Stderr);

        var (harvested, _) = await cli.RunJsonAsync("harvest", path, "--type", "dcat", "--name", "turtle");
        Assert.Equal(1, harvested.ExitCode);
        var (_, datasets) = await cli.RunJsonAsync("datasets");
        Assert.Equal("Alpha", datasets.EnumerateArray().Single().GetProperty("title").GetString());
    }
}
