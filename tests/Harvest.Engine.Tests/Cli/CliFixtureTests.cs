using System.Text.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>The known expectations of ../shared/fixtures/README.md, checked through the harvester CLI with --json.</summary>
public sealed class CliFixtureTests
{
    [FixtureFact]
    public async Task Healthdata_first_run_adds_1656_and_reports_each_repeated_identifier_then_second_run_is_not_modified()
    {
        using var cli = new CliRunner();
        var catalog = Fixtures.DataJson("healthdata.gov.data.json");
        var repeated = RepeatedIdentifiers(catalog);
        Assert.Equal(106, repeated.Count); // the fixture itself, counted independently of the engine

        await cli.CreateSourceAsync("healthdata", catalog);
        var (first, report) = await cli.RunJsonAsync("run-test", "healthdata");

        CliJson.AssertExit(1, first);
        CliJson.AssertJobShape(report);
        Assert.Equal("Finished", CliJson.Text(report, "status"));
        Assert.Equal([1656, 0, 0, 0, 106], CliJson.Stats(report));
        Assert.Empty(CliJson.Items(report.GetProperty("gatherErrors")));
        var objectErrors = CliJson.Items(report.GetProperty("objectErrors"));
        Assert.Equal(106, objectErrors.Count);
        foreach (var objectError in objectErrors)
        {
            var guid = CliJson.Text(objectError, "guid");
            var errors = CliJson.Items(objectError.GetProperty("errors"));
            Assert.Single(errors);
            var message = CliJson.Text(errors[0], "message");
            Assert.Contains(guid, message, StringComparison.Ordinal);
            Assert.Contains("repeated", message, StringComparison.Ordinal);
        }
        Assert.Equal(repeated.Order(StringComparer.Ordinal), objectErrors.Select(o => CliJson.Text(o, "guid")).Order(StringComparer.Ordinal));

        var (second, again) = await cli.RunJsonAsync("run-test", "healthdata");
        CliJson.AssertJobShape(again);
        Assert.NotEqual(CliJson.Id(report), CliJson.Id(again));
        Assert.Equal(1656, CliJson.Stat(again, "notModified"));
        Assert.Equal(0, CliJson.Stat(again, "added"));
        Assert.Equal(0, CliJson.Stat(again, "updated"));
        Assert.Equal(0, CliJson.Stat(again, "deleted"));
        // The repeated records are still in the file, so they are still errors, and the exit code says so.
        Assert.Equal(106, CliJson.Stat(again, "errored"));
        CliJson.AssertExit(1, second);

        await AssertDatasetsAsync(cli, "healthdata", 1656);
    }

    [FixtureFact]
    public async Task Opendataphilly_imports_all_402_then_reports_402_not_modified()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("philly", Fixtures.DataJson("opendataphilly.data.json"));

        var (first, report) = await cli.RunJsonAsync("run-test", "philly");
        CliJson.AssertExit(0, first);
        CliJson.AssertJobShape(report);
        Assert.Equal([402, 0, 0, 0, 0], CliJson.Stats(report));
        Assert.Empty(CliJson.Items(report.GetProperty("objectErrors")));

        var (second, again) = await cli.RunJsonAsync("run-test", "philly");
        CliJson.AssertExit(0, second);
        Assert.Equal([0, 0, 402, 0, 0], CliJson.Stats(again));

        await AssertDatasetsAsync(cli, "philly", 402);
    }

    [FixtureFact]
    public async Task Jobs_of_a_fixture_source_list_both_runs_with_their_counts()
    {
        using var cli = new CliRunner();
        var (harvested, first) = await cli.RunJsonAsync("harvest", Fixtures.DataJson("opendataphilly.data.json"), "--name", "philly");
        CliJson.AssertExit(0, harvested);
        var (_, second) = await cli.RunJsonAsync("harvest", Fixtures.DataJson("opendataphilly.data.json"));

        var (listed, jobs) = await cli.RunJsonAsync("jobs", "--source", "philly");
        CliJson.AssertExit(0, listed);
        var items = CliJson.Items(jobs);
        Assert.Equal(2, items.Count);
        items.ForEach(CliJson.AssertJobShape);
        var byId = items.ToDictionary(CliJson.Id);
        Assert.Equal([402, 0, 0, 0, 0], CliJson.Stats(byId[CliJson.Id(first)]));
        Assert.Equal([0, 0, 402, 0, 0], CliJson.Stats(byId[CliJson.Id(second)]));
    }

    private static async Task AssertDatasetsAsync(CliRunner cli, string source, int expected)
    {
        var (listed, datasets) = await cli.RunJsonAsync("datasets", "--source", source);
        CliJson.AssertExit(0, listed);
        var items = CliJson.Items(datasets);
        Assert.Equal(expected, items.Count);
        items.ForEach(CliJson.AssertDatasetShape);
        Assert.All(items, d => Assert.Equal("Active", CliJson.Text(d, "state")));
        Assert.Equal(expected, items.Select(d => CliJson.Text(d, "name")).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected, items.Select(CliJson.Id).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Identifiers that occur more than once in a data.json file.</summary>
    private static List<string> RepeatedIdentifiers(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("dataset").EnumerateArray()
            .Select(d => d.TryGetProperty("identifier", out var id) ? id.ToString() : null)
            .OfType<string>()
            .GroupBy(id => id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
    }
}
