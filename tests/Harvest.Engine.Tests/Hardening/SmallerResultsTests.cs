using System.Text.Json;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>Smaller wrong results (issue 18, item 8): search casing, duplicate catalog keys, terminal escapes, forced guids.</summary>
public sealed class SmallerResultsTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData("ÉCOLE")]
    [InlineData("école")]
    [InlineData("Écoles Publiques")]
    [InlineData("ΑΘΉΝΑ")]
    public async Task Search_ignores_case_beyond_ascii_on_sqlite(string search)
    {
        var catalog = _runner.WriteCatalog("c.data.json",
            DataJsonBuilder.Record("a", "Les écoles publiques", "Annuaire des écoles d'Αθήνα"), DataJsonBuilder.Record("b", "Parks"));
        CliJson.AssertExit(0, await _runner.RunAsync("harvest", catalog, "--name", "schools"));
        var (result, datasets) = await _runner.RunJsonAsync("datasets", "--search", search);
        CliJson.AssertExit(0, result);
        Assert.Equal("Les écoles publiques", CliJson.Text(Assert.Single(CliJson.Items(datasets)), "title"));
    }

    [PostgresFact]
    public async Task Search_ignores_case_beyond_ascii_on_postgres_alike()
    {
        using var harvest = TestHarvest.OnPostgres();
        harvest.AddSource(harvest.WriteFile("c.data.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Les écoles publiques"))));
        await harvest.RunAsync();
        Assert.Single(harvest.Engine.Datasets(search: "ÉCOLE"));
    }

    [Fact]
    public async Task A_catalog_with_two_dataset_keys_is_a_gather_error_not_half_read()
    {
        var first = JsonSerializer.Serialize(new[] { DataJsonBuilder.Record("a", "Alpha") });
        var second = JsonSerializer.Serialize(new[] { DataJsonBuilder.Record("b", "Beta") });
        var catalog = _runner.WriteFile("twice.data.json", $$"""
            {
              "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
              "dataset": {{first}},
              "dataset": {{second}}
            }
            """);
        var (result, report) = await _runner.RunJsonAsync("harvest", catalog, "--name", "twice");
        CliJson.AssertExit(1, result);
        var error = CliJson.Text(Assert.Single(CliJson.Items(report.GetProperty("gatherErrors"))), "message");
        Assert.Contains("has a second 'dataset' key at line 4", error);
        var (_, datasets) = await _runner.RunJsonAsync("datasets");
        Assert.Empty(CliJson.Items(datasets));
    }

    [Fact]
    public async Task Control_characters_from_remote_text_are_neutralised_in_text_but_exact_in_json()
    {
        const string hostile = "Parks\u001b[2J\u001b[H\u001b]0;owned\u0007 \u009b31m\u202eevil\rX";
        var catalog = _runner.WriteCatalog("hostile.data.json", DataJsonBuilder.Record("a", hostile, "line\u001b[1Aup"));
        var harvested = await _runner.RunAsync("harvest", catalog, "--name", "hostile");
        CliJson.AssertExit(0, harvested);

        var text = await _runner.RunAsync("datasets");
        CliJson.AssertExit(0, text);
        foreach (var control in new[] { '\u001b', '\u0007', '\u009b', '\u202e', '\r' })
            Assert.DoesNotContain(control, text.Stdout);
        Assert.Contains("Parks␛[2J␛[H␛]0;owned␇", text.Stdout);

        var (json, datasets) = await _runner.RunJsonAsync("datasets");
        CliJson.AssertExit(0, json);
        var dataset = Assert.Single(CliJson.Items(datasets));
        Assert.Equal(hostile, CliJson.Text(dataset, "title"));
        Assert.Equal("line\u001b[1Aup", CliJson.Text(dataset, "notes"));

        // Messages on stderr quote remote text too.
        var missing = await _runner.RunAsync("source", "show", "no\u001b[2Jsuch");
        CliJson.AssertExit(2, missing);
        Assert.DoesNotContain('\u001b', missing.Stderr);
        Assert.Contains("no␛[2Jsuch", missing.Stderr);
    }

    [Fact]
    public async Task Force_import_of_a_guid_the_source_does_not_list_warns()
    {
        var catalog = _runner.WriteCatalog("c.data.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await _runner.CreateSourceAsync("two", catalog);
        CliJson.AssertExit(0, await _runner.RunAsync("run-test", "two"));

        var forced = await _runner.RunAsync("run-test", "two", "--force-import", "a,not-there");
        CliJson.AssertExit(0, forced);
        Assert.Contains("warning: force-import: guid 'not-there' is not in the listing of source 'two'", forced.Stderr);
        Assert.DoesNotContain("guid 'a'", forced.Stderr);

        var (json, report) = await _runner.RunJsonAsync("run-test", "two", "--force-import", "typo");
        CliJson.AssertExit(0, json);
        Assert.Contains("'typo'", Assert.Single(CliJson.Items(report.GetProperty("warnings"))).GetString());
    }
}
