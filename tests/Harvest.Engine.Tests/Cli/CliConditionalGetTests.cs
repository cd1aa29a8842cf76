using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>A data.json whose server honours If-None-Match, re-harvested through the CLI: the output says the catalog was not modified.</summary>
public sealed class CliConditionalGetTests
{
    [Fact]
    public async Task Run_test_of_an_unchanged_catalog_reports_the_304_and_every_dataset_not_modified()
    {
        await using var server = await ConditionalServer.StartAsync();
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("web", server.Serve("/data.json", CatalogState.Catalog(3)));
        var (first, report) = await cli.RunJsonAsync("run-test", "web");
        CliJson.AssertExit(0, first);
        var firstJob = CliJson.Text(report, "id");

        var text = await cli.RunAsync("run-test", "web");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("not modified 3", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"catalog not modified since job {firstJob}", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("(HTTP 304)", text.Stdout, StringComparison.Ordinal);
        var (json, again) = await cli.RunJsonAsync("harvest", server.BaseUrl + "/data.json");
        CliJson.AssertExit(0, json);
        Assert.Equal([0, 0, 3, 0, 0], CliJson.Stats(again));
        Assert.Contains("(HTTP 304)", CliJson.Text(Assert.Single(CliJson.Items(again.GetProperty("gatherWarnings"))), "message"), StringComparison.Ordinal);
        Assert.Equal(2, server.NotModifiedCount);
    }
}
