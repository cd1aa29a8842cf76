using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Cli;

/// <summary>A data.json served over HTTP on 127.0.0.1 and harvested through the CLI.</summary>
public sealed class CliHttpHarvestTests
{
    [Fact]
    public async Task A_catalog_served_over_http_is_harvested_then_reported_not_modified()
    {
        await using var server = await LoopbackServer.ServingAsync(DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma")));
        using var cli = new CliRunner();
        var url = server.BaseUrl + "/data.json";

        var (first, report) = await cli.RunJsonAsync("harvest", url, "--name", "web");
        var (second, again) = await cli.RunJsonAsync("harvest", url);

        CliJson.AssertExit(0, first);
        CliJson.AssertJobShape(report);
        Assert.Equal([3, 0, 0, 0, 0], CliJson.Stats(report));
        CliJson.AssertExit(0, second);
        Assert.Equal([0, 0, 3, 0, 0], CliJson.Stats(again));
        Assert.Equal(2, server.RequestCount);
        var (_, source) = await cli.RunJsonAsync("source", "show", "web");
        Assert.Equal(url, CliJson.Text(source, "url"));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "web");
        Assert.Equal(["alpha", "beta", "gamma"], CliJson.Items(datasets).Select(d => CliJson.Text(d, "name")).Order());
    }

    [Fact]
    public async Task A_source_created_for_an_http_url_runs_with_run_test()
    {
        await using var server = await LoopbackServer.ServingAsync(DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("web", server.BaseUrl + "/catalog/data.json");

        var (result, report) = await cli.RunJsonAsync("run-test", "web");

        CliJson.AssertExit(0, result);
        Assert.Equal([1, 0, 0, 0, 0], CliJson.Stats(report));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task An_http_error_is_a_gather_error_naming_the_url_and_status_with_exit_1(int status)
    {
        await using var server = await LoopbackServer.ServingAsync("{\"error\": \"nope\"}", status);
        using var cli = new CliRunner();
        var url = server.BaseUrl + "/missing/data.json";

        var (result, report) = await cli.RunJsonAsync("harvest", url, "--name", "web");

        CliJson.AssertExit(1, result);
        CliJson.AssertJobShape(report);
        Assert.Equal("Finished", CliJson.Text(report, "status"));
        Assert.Equal([0, 0, 0, 0, 0], CliJson.Stats(report));
        var message = CliJson.Text(Assert.Single(CliJson.Items(report.GetProperty("gatherErrors"))), "message");
        Assert.Contains(url, message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(), message, StringComparison.Ordinal);
        Assert.Contains(url, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(status.ToString(), result.Stderr, StringComparison.Ordinal);

        // The stored report says the same, and the job counts its gather error.
        var (reported, stored) = await cli.RunJsonAsync("job-report", CliJson.Id(report));
        CliJson.AssertExit(0, reported);
        Assert.Contains(url, CliJson.Text(Assert.Single(CliJson.Items(stored.GetProperty("gatherErrors"))), "message"), StringComparison.Ordinal);
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "web");
        Assert.Equal(1, Assert.Single(CliJson.Items(jobs)).GetProperty("gatherErrors").GetInt32());
    }

    [Fact]
    public async Task A_catalog_that_goes_404_leaves_the_local_catalog_as_it_was()
    {
        var status = StatusCodes.Status200OK;
        var body = DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = Volatile.Read(ref status);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Volatile.Read(ref status) == 200 ? body : "not here");
        });
        using var cli = new CliRunner();
        var url = server.BaseUrl + "/data.json";
        CliJson.AssertExit(0, (await cli.RunJsonAsync("harvest", url, "--name", "web")).Result);
        Volatile.Write(ref status, StatusCodes.Status404NotFound);

        var (result, report) = await cli.RunJsonAsync("harvest", url);

        CliJson.AssertExit(1, result);
        Assert.Equal([0, 0, 0, 0, 0], CliJson.Stats(report));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--include-deleted");
        var items = CliJson.Items(datasets);
        Assert.Equal(["alpha", "beta"], items.Select(d => CliJson.Text(d, "name")).Order());
        Assert.All(items, d => Assert.Equal("Active", CliJson.Text(d, "state")));

        // Back online and unchanged: nothing to do.
        Volatile.Write(ref status, StatusCodes.Status200OK);
        var (back, recovered) = await cli.RunJsonAsync("harvest", url);
        CliJson.AssertExit(0, back);
        Assert.Equal([0, 0, 2, 0, 0], CliJson.Stats(recovered));
    }

    [Fact]
    public async Task A_body_that_is_not_a_catalog_is_a_gather_error()
    {
        await using var server = await LoopbackServer.ServingAsync("<html><body>maintenance</body></html>", 200, "text/html");
        using var cli = new CliRunner();
        var url = server.BaseUrl + "/data.json";

        var (result, report) = await cli.RunJsonAsync("harvest", url, "--name", "web");

        CliJson.AssertExit(1, result);
        var message = CliJson.Text(Assert.Single(CliJson.Items(report.GetProperty("gatherErrors"))), "message");
        Assert.Contains(url, message, StringComparison.Ordinal);
    }
}
