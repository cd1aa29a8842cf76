using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>
/// Another process aborts or deletes what a run-test is running: every side ends cleanly, never with exit 3, and
/// run-test exits 4 (the job was aborted or removed elsewhere) rather than 0 (issue 18, items 3 and 8).
/// </summary>
public sealed class JobRaceTests : IDisposable
{
    private readonly CliRunner _runner = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _release.TrySetResult();
        _runner.Dispose();
    }

    /// <summary>A catalog server that holds its answer until the test releases it, and a source for it.</summary>
    private async Task<LoopbackServer> HeldCatalogAsync()
    {
        var server = await LoopbackServer.StartAsync(async context =>
        {
            await _release.Task;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        });
        CliJson.AssertExit(0, await _runner.RunAsync("source", "create", "held", server.BaseUrl + "/data.json", "datajson"));
        return server;
    }

    [Fact]
    public async Task Run_test_of_a_job_aborted_meanwhile_exits_4_and_the_abort_succeeds()
    {
        await using var server = await HeldCatalogAsync();
        var running = _runner.RunAsync("run-test", "held");
        await Eventually.TrueAsync(() => server.RequestCount > 0, "run-test to ask for the catalog");

        var abort = await _runner.RunAsync("job-abort", "held");
        CliJson.AssertExit(0, abort);
        _release.SetResult();
        var result = await running;

        CliJson.AssertExit(CliApp4, result);
        Assert.Contains("was aborted by another process", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        var (_, jobs) = await _runner.RunJsonAsync("jobs", "--source", "held");
        Assert.Equal("Aborted", CliJson.Text(Assert.Single(CliJson.Items(jobs)), "status"));
    }

    [Fact]
    public async Task Source_delete_while_run_test_runs_is_refused_cleanly()
    {
        await using var server = await HeldCatalogAsync();
        var running = _runner.RunAsync("run-test", "held");
        await Eventually.TrueAsync(() => server.RequestCount > 0, "run-test to ask for the catalog");

        var delete = await _runner.RunAsync("source", "delete", "held");
        CliJson.AssertFailedWithoutJson(delete, 2, "while job", "is running: abort it first");
        _release.SetResult();
        CliJson.AssertExit(0, await running);
    }

    [Fact]
    public async Task A_source_deleted_under_a_running_run_test_ends_it_with_exit_4()
    {
        await using var server = await HeldCatalogAsync();
        var running = _runner.RunAsync("run-test", "held");
        await Eventually.TrueAsync(() => server.RequestCount > 0, "run-test to ask for the catalog");

        // The delete that won the race: it checked for a Running job just before run-test started it.
        var settings = SettingsLoader.Load(_runner.SettingsPath, new Dictionary<string, string?>());
        using (var other = new HarvestEngine(settings, registry: BuiltInHarvesters.CreateRegistry(settings)))
            other.Store.DeleteSource(other.Sources.Get("held").SourceId);
        _release.SetResult();
        var result = await running;

        CliJson.AssertExit(CliApp4, result);
        Assert.Contains("was removed while it ran", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private const int CliApp4 = Harvest.Cli.CliApp.JobAbortedElsewhere;
}
