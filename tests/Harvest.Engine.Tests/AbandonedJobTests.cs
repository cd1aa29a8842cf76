using System.Diagnostics;
using Harvest.Engine.Model;
using Microsoft.AspNetCore.Http;
using Harvest.Engine.Tests.Queues;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// A run killed outright leaves its job Running. The next run of that source recognises it as abandoned (its process is
/// gone, or it showed no sign of life for abandoned_job_minutes), aborts it saying why, and goes ahead.
/// </summary>
public sealed class AbandonedJobTests
{
    private static async Task<(TestHarvest Harvest, HarvestJob Stuck)> WithStuckJobAsync(Func<HarvestJob, HarvestJob> stuck)
    {
        var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", CatalogState.Catalog(3)));
        await harvest.RunAsync();
        var job = harvest.Engine.Jobs.Create("test-source");
        var running = stuck(job with { Status = JobStatus.Running, GatherStarted = DateTimeOffset.UtcNow.AddMinutes(-30) });
        harvest.Engine.Store.UpdateJob(running);
        return (harvest, running);
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public async Task A_job_whose_process_died_on_this_host_is_aborted_by_the_next_run_test()
    {
        var (harvest, stuck) = await WithStuckJobAsync(j => j with { Owner = $"{Environment.MachineName}/{DeadProcessId()}", LastAction = DateTimeOffset.UtcNow });
        using var _ = harvest;

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(3, report.Stats.NotModified);
        var aborted = harvest.Engine.Jobs.Get(stuck.JobId);
        Assert.Equal(JobStatus.Aborted, aborted.Status);
        Assert.StartsWith($"abandoned: the process that ran it ({stuck.Owner}) is gone", Assert.Single(harvest.Engine.Jobs.Report(stuck.JobId).GatherErrors).Message);
    }

    [Fact]
    public async Task A_job_silent_past_the_grace_period_is_aborted_and_a_live_one_is_left_alone()
    {
        var (harvest, stuck) = await WithStuckJobAsync(j => j with { LastAction = DateTimeOffset.UtcNow.AddMinutes(-4) });
        using var _ = harvest;

        // Four minutes without progress is within the default ten: a job may be busy.
        Assert.Throws<Jobs.JobAlreadyRunningException>(() => harvest.Engine.Jobs.Create("test-source"));

        harvest.Engine.Store.UpdateJob(stuck with { LastAction = DateTimeOffset.UtcNow.AddMinutes(-11) });
        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(stuck.JobId).Status);
        Assert.StartsWith("abandoned: no sign of life for 11 minutes (setting abandoned_job_minutes: 10)",
            Assert.Single(harvest.Engine.Jobs.Report(stuck.JobId).GatherErrors).Message);
    }

    [Fact]
    public async Task Run_creates_the_due_job_of_a_source_whose_running_job_was_abandoned()
    {
        var (harvest, stuck) = await WithStuckJobAsync(j => j with { LastAction = DateTimeOffset.UtcNow.AddMinutes(-20) });
        using var _ = harvest;
        var source = harvest.Engine.Sources.Get("test-source");
        harvest.Engine.Store.UpdateSource(source with { Frequency = HarvestFrequency.Daily, NextRun = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await using var queue = await harvest.Engine.OpenQueueAsync();

        var summary = await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        Assert.Equal(1, summary.JobsCreated);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(stuck.JobId).Status);
    }

    [Fact]
    public async Task A_run_test_killed_with_SIGKILL_does_not_block_the_next_one()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // A catalog that never finishes arriving: the first run is killed while it reads it.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"dataset": [""", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("source", "create", "slow", server.BaseUrl + "/data.json", "datajson")).ExitCode);
        using var first = Process.Start(new ProcessStartInfo("dotnet", [ConsumerProcessTests.HarvesterDll, "run-test", "slow", "--settings", cli.SettingsPath])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        await Eventually.TrueAsync(() => server.RequestCount > 0, "the first run to start reading the catalog", seconds: 60);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();

        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "slow");
        var stuckId = Assert.Single(jobs.EnumerateArray(), j => j.GetProperty("status").GetString() == "Running").GetProperty("id").GetString();

        File.WriteAllText(Path.Combine(cli.Folder, "catalog.json"), CatalogState.Catalog(2));
        Assert.Equal(0, (await cli.RunAsync("source", "update", "slow", "--url", Path.Combine(cli.Folder, "catalog.json"))).ExitCode);
        var second = await cli.RunAsync("run-test", "slow");

        Assert.Equal(0, second.ExitCode);
        var (_, report) = await cli.RunJsonAsync("job-report", stuckId!);
        Assert.Equal("Aborted", report.GetProperty("status").GetString());
        Assert.Contains("abandoned: the process that ran it", report.GetProperty("gatherErrors")[0].GetProperty("message").GetString());
    }
}
