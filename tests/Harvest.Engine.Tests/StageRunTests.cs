using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// The stages one at a time, in the calling process (Invoke-HarvestGather / Invoke-HarvestFetch, harvester gather / fetch),
/// so that a script can split a harvest across scheduled tasks with no consumer running.
/// </summary>
public sealed class StageRunTests
{
    [Fact]
    public async Task A_job_gathered_now_is_queued_for_fetch_and_finished_by_fetching_it_later()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", CatalogState.Catalog(3)));

        var gathered = await harvest.Engine.Jobs.GatherNowAsync("test-source");

        Assert.Equal(JobStatus.Running, gathered.Status);
        Assert.NotNull(gathered.GatherFinished);
        Assert.Null(gathered.Owner); // left for a later stage, not held by this process
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            Assert.Equal(3, await queue.CountAsync(HarvestQueueKind.Fetch));
        Assert.Empty(harvest.Engine.Datasets());

        var report = await harvest.Engine.Jobs.FetchNowAsync(gathered.JobId);

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(new JobStats { Added = 3 }, report.Stats);
        Assert.Equal(3, harvest.Engine.Datasets().Count);
    }

    [Fact]
    public async Task An_unchanged_source_is_finished_by_its_gather_and_has_nothing_to_fetch()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", CatalogState.Catalog(2)));
        await harvest.RunAsync();

        var gathered = await harvest.Engine.Jobs.GatherNowAsync("test-source");

        Assert.Equal(JobStatus.Finished, gathered.Status);
        Assert.Equal(new JobStats { NotModified = 2 }, gathered.Stats);
        var conflict = await Assert.ThrowsAsync<HarvestConflictException>(() => harvest.Engine.Jobs.FetchNowAsync(gathered.JobId));
        Assert.Equal($"job {gathered.JobId} is Finished; only a gathered, Running job can be fetched", conflict.Message);
    }

    [Fact]
    public async Task A_job_not_gathered_yet_cannot_be_fetched_and_a_gathered_one_cannot_be_gathered_again()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", CatalogState.Catalog(1)));
        var job = harvest.Engine.Jobs.Create("test-source");

        var notGathered = await Assert.ThrowsAsync<HarvestConflictException>(() => harvest.Engine.Jobs.FetchNowAsync(job.JobId));
        Assert.Contains("gather it first", notGathered.Message);
        await harvest.Engine.Jobs.GatherNowAsync(job.JobId);
        var again = await Assert.ThrowsAsync<HarvestConflictException>(() => harvest.Engine.Jobs.GatherNowAsync(job.JobId));
        Assert.Equal($"job {job.JobId} is Running; only a New job can be gathered", again.Message);
    }

    [Fact]
    public async Task The_cli_gathers_and_fetches_as_two_commands()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));

        var (gather, job) = await cli.RunJsonAsync("gather", "parks");
        CliJson.AssertExit(0, gather);
        Assert.Equal("Running", CliJson.Text(job, "status"));

        var (fetch, report) = await cli.RunJsonAsync("fetch", CliJson.Id(job));
        CliJson.AssertExit(0, fetch);
        Assert.Equal("Finished", CliJson.Text(report, "status"));
        Assert.Equal([2, 0, 0, 0, 0], CliJson.Stats(report));

        var refused = await cli.RunAsync("fetch", CliJson.Id(job));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("only a gathered, Running job can be fetched", refused.Stderr);
    }
}
