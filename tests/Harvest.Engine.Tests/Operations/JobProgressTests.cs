using Harvest.Engine.Consumers;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Reports;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Operations;

/// <summary>A running job's progress: objects by state, rate and time left, on HarvestJob and in `harvester jobs`.</summary>
public sealed class JobProgressTests
{
    [Fact]
    public void Progress_is_computed_from_the_objects_and_the_time_since_gather()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var job = new HarvestJob
        {
            JobId = "j", SourceId = "s", Status = JobStatus.Running, Created = t0, GatherStarted = t0, GatherFinished = t0.AddSeconds(10),
            LastAction = t0.AddSeconds(50),
        };
        var times = new JobObjectTimes
        {
            LastImported = t0.AddSeconds(55),
            ByState = new Dictionary<ObjectState, int>
            {
                [ObjectState.Waiting] = 50, [ObjectState.Fetch] = 5, [ObjectState.Import] = 5, [ObjectState.Complete] = 30, [ObjectState.Error] = 10,
            },
        };
        var progress = JobProgress.From(job, times, t0.AddSeconds(60));
        Assert.Equal((100, 40), (progress.Total, progress.Done));
        Assert.Equal(40.0, progress.PercentDone);
        Assert.Equal(0.8, progress.RecordsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(75), progress.EstimatedTimeLeft);
        Assert.Equal(TimeSpan.FromSeconds(5), progress.IdleFor);
        Assert.Equal("40/100 40%, 0.8/s, about 1 min 15 s left", progress.Summary);
    }

    [Fact]
    public void While_gathering_the_total_and_time_left_are_unknown()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var job = new HarvestJob { JobId = "j", SourceId = "s", Status = JobStatus.Running, Created = t0, GatherStarted = t0 };
        var times = new JobObjectTimes { LastGathered = t0.AddSeconds(3), ByState = new Dictionary<ObjectState, int> { [ObjectState.Waiting] = 7 } };
        var progress = JobProgress.From(job, times, t0.AddSeconds(4));
        Assert.False(progress.GatherFinished);
        Assert.Null(progress.PercentDone);
        Assert.Null(progress.RecordsPerSecond);
        Assert.Null(progress.EstimatedTimeLeft);
        Assert.Equal(TimeSpan.FromSeconds(1), progress.IdleFor);
        Assert.Equal("0/7+ (gathering)", progress.Summary);
    }

    [Fact]
    public Task A_running_job_shows_its_progress_on_sqlite() => RunningJob(new TestHarvest());

    [PostgresFact]
    public Task A_running_job_shows_its_progress_on_postgres() => RunningJob(TestHarvest.OnPostgres());

    private static async Task RunningJob(TestHarvest harvest)
    {
        using var _ = harvest;
        harvest.AddSource(harvest.WriteFile("catalog.json",
            DataJsonBuilder.Catalog(Enumerable.Range(0, 10).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToArray())));
        var job = harvest.Engine.Jobs.Create("test-source");
        Assert.Equal(0, harvest.Engine.Jobs.Get(job.JobId).Progress!.Total);
        await GatherOnly(harvest, job.JobId);

        var gathered = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(JobStatus.Running, gathered.Status);
        var progress = gathered.Progress!;
        Assert.True(progress.GatherFinished);
        Assert.Equal((10, 10, 0), (progress.Total, progress.Waiting, progress.Done));
        Assert.Equal(0.0, progress.PercentDone);
        Assert.Null(progress.EstimatedTimeLeft);

        // Three objects end as a fetch consumer would end them.
        var objects = harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId)).Take(3).ToList();
        foreach (var o in objects)
            harvest.Engine.Store.UpdateObject(o with
            {
                State = ObjectState.Complete, ReportStatus = ReportStatus.Added, FetchFinished = DateTimeOffset.UtcNow, ImportFinished = DateTimeOffset.UtcNow,
            });
        var later = harvest.Engine.Jobs.Get(job.JobId).Progress!;
        Assert.Equal((3, 7, 30.0), (later.Complete, later.Waiting, later.PercentDone));
        Assert.NotNull(later.RecordsPerSecond);
        Assert.NotNull(later.EstimatedTimeLeft);
        Assert.Equal(later.Done, Assert.Single(harvest.Engine.Jobs.List("test-source", JobStatus.Running)).Progress!.Done);
    }

    private static async Task GatherOnly(TestHarvest harvest, string jobId)
    {
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow)).JobsQueued);
        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        var running = gather.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => harvest.Engine.Store.FindJobWithoutStats(jobId)!.GatherFinished is not null, "the gather to finish");
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task A_finished_job_has_no_progress()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
        var report = await harvest.RunAsync();
        Assert.Null(report.Job.Progress);
        Assert.Null(harvest.Engine.Jobs.Get(report.JobId).Progress);
    }

    [Fact]
    public async Task Cli_jobs_shows_the_progress_of_running_jobs()
    {
        using var cli = new CliRunner();
        var catalog = Path.Combine(cli.Folder, "catalog.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        Assert.Equal(0, (await cli.RunAsync("harvest", catalog, "--name", "parks")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("job", "parks")).ExitCode);

        var (_, jobs) = await cli.RunJsonAsync("jobs");
        var newJob = jobs.EnumerateArray().Single(j => j.GetProperty("status").GetString() == "New");
        var progress = newJob.GetProperty("progress");
        Assert.Equal(0, progress.GetProperty("total").GetInt32());
        Assert.False(progress.GetProperty("gatherFinished").GetBoolean());
        var finished = jobs.EnumerateArray().Single(j => j.GetProperty("status").GetString() == "Finished");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, finished.GetProperty("progress").ValueKind);

        var text = await cli.RunAsync("jobs");
        Assert.Contains("PROGRESS", text.Stdout);
        Assert.Contains("0/0+ (gathering)", text.Stdout);
    }
}
