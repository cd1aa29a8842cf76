using Harvest.Engine.Consumers;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>`run`: sources due by frequency, queuing, finishing, timeouts, stuck work; job-all and abort-failed-jobs.</summary>
public sealed class SchedulerTests
{
    private static TestHarvest WithSource(HarvestFrequency frequency, Func<Settings.HarvestSettings, Settings.HarvestSettings>? configure = null, string name = "test-source")
    {
        var harvest = new TestHarvest(configure);
        var path = harvest.WriteFile($"{name}.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = name, Url = path, Type = "datajson", Frequency = frequency });
        return harvest;
    }

    [Fact]
    public async Task A_daily_source_gets_a_job_when_due_and_not_again_until_its_next_run()
    {
        using var harvest = WithSource(HarvestFrequency.Daily);
        await using var queue = await harvest.Engine.OpenQueueAsync();
        var now = DateTimeOffset.UtcNow;

        var first = await harvest.Engine.Scheduler.RunAsync(queue, now);
        Assert.Equal((1, 1), (first.JobsCreated, first.JobsQueued));
        Assert.Equal(now.AddDays(1), harvest.Engine.Sources.Get("test-source").NextRun);
        Assert.Equal(JobStatus.Running, Assert.Single(harvest.Engine.Jobs.List()).Status);
        Assert.Equal(1, await queue.CountAsync(HarvestQueueKind.Gather));

        harvest.Engine.Jobs.Abort("test-source");
        Assert.Equal(0, (await harvest.Engine.Scheduler.RunAsync(queue, now.AddHours(23))).JobsCreated);
        Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, now.AddDays(1).AddMinutes(1))).JobsCreated);
    }

    [Fact]
    public async Task QueueAsync_queues_one_New_job_for_the_gather_consumers_and_leaves_other_New_jobs_alone()
    {
        using var harvest = WithSource(HarvestFrequency.Manual);
        var path = harvest.WriteFile("other.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("x", "X-ray")));
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "other", Url = path, Type = "datajson" });
        var job = harvest.Engine.Jobs.Create("test-source");
        var other = harvest.Engine.Jobs.Create("other");
        await using var queue = await harvest.Engine.OpenQueueAsync();

        Assert.True(await harvest.Engine.Scheduler.QueueAsync(queue, job.JobId, DateTimeOffset.UtcNow));

        Assert.Equal(JobStatus.Running, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.Equal(JobStatus.New, harvest.Engine.Jobs.Get(other.JobId).Status);
        var item = await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.FromSeconds(1));
        Assert.Equal(job.JobId, item?.Body);
        Assert.False(await harvest.Engine.Scheduler.QueueAsync(queue, job.JobId, DateTimeOffset.UtcNow), "a job already queued is not queued twice");
        Assert.Null(await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Manual_sources_never_get_jobs_from_run_and_Always_sources_whenever_they_have_none()
    {
        using var harvest = WithSource(HarvestFrequency.Manual);
        var path = harvest.WriteFile("always.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("x", "X-ray")));
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "always", Url = path, Type = "datajson", Frequency = HarvestFrequency.Always });
        await using var queue = await harvest.Engine.OpenQueueAsync();
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, now)).JobsCreated);
        Assert.Equal(0, (await harvest.Engine.Scheduler.RunAsync(queue, now)).JobsCreated);
        Assert.Empty(harvest.Engine.Jobs.List("test-source"));
        harvest.Engine.Jobs.Abort("always");
        Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, now.AddSeconds(1))).JobsCreated);
    }

    [Fact]
    public async Task A_job_idle_past_the_timeout_is_finished_with_a_gather_error_naming_the_timeout_as_ckanext_harvest_does()
    {
        using var harvest = WithSource(HarvestFrequency.Manual, s => s with { Timeout = 30 });
        var job = harvest.Engine.Jobs.Create("test-source");
        var finished = new List<HarvestJob>();
        harvest.Engine.Jobs.JobFinished += finished.Add; // status mail and retention hang here
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        var summary = await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow.AddMinutes(31));

        Assert.Equal(1, summary.JobsTimedOut);
        Assert.Equal(JobStatus.Finished, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.Equal("timed out: no progress for 30 minutes (setting timeout)", Assert.Single(harvest.Engine.Jobs.Report(job.JobId).GatherErrors).Message);
        Assert.Equal(job.JobId, Assert.Single(finished).JobId);
        Assert.Equal(0, (await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow.AddMinutes(62))).JobsTimedOut);
    }

    [Fact]
    public async Task Abort_failed_jobs_aborts_only_jobs_running_longer_than_the_life_span()
    {
        using var harvest = WithSource(HarvestFrequency.Manual);
        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        Assert.Equal(0, harvest.Engine.Scheduler.AbortFailedJobs(TimeSpan.FromDays(2), DateTimeOffset.UtcNow.AddDays(1)));
        Assert.Equal(1, harvest.Engine.Scheduler.AbortFailedJobs(TimeSpan.FromDays(2), DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(job.JobId).Status);
    }

    [Fact]
    public void Job_all_creates_a_job_for_each_active_source_without_one()
    {
        using var harvest = WithSource(HarvestFrequency.Manual);
        var path = harvest.WriteFile("second.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("y", "Yankee")));
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "second", Url = path, Type = "datajson" });
        harvest.Engine.Jobs.Create("second");

        var created = harvest.Engine.Scheduler.CreateJobsForAllSources();

        Assert.Equal(harvest.Engine.Sources.Get("test-source").SourceId, Assert.Single(created).SourceId);
    }

    [Fact]
    public async Task Work_whose_queue_items_were_lost_is_queued_again_and_the_job_completes()
    {
        using var harvest = WithSource(HarvestFrequency.Manual, s => s with { MqVisibilityTimeout = 60 });
        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        var gather = (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!;
        await GatherWork.ProcessAsync(harvest.Engine, queue, gather, default);
        await queue.AckAsync(gather);
        Assert.Equal(2, await queue.PurgeAsync());

        var summary = await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow.AddMinutes(2));
        Assert.Equal(2, summary.ItemsRequeued);
        while (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero) is { } item)
        {
            await FetchWork.ProcessAsync(harvest.Engine, item, default);
            await queue.AckAsync(item);
        }

        Assert.Equal((JobStatus.Finished, 2), (harvest.Engine.Jobs.Get(job.JobId).Status, harvest.Engine.Jobs.Get(job.JobId).Stats.Added));
    }
}
