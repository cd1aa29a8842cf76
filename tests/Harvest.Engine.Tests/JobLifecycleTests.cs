using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests;

/// <summary>Job status transitions: New, Running, Finished, Aborted, and what is refused on the way.</summary>
public sealed class JobLifecycleTests
{
    private static TestHarvest WithCatalog(params object[] records)
    {
        var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(records)));
        return harvest;
    }

    [Fact]
    public async Task A_created_job_is_New_then_Running_during_gather_then_Finished()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var job = harvest.Engine.Jobs.Create("test-source");
        Assert.Equal(JobStatus.New, job.Status);
        Assert.Equal(JobStatus.New, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.Null(job.GatherStarted);
        Assert.Null(job.Finished);
        Assert.Equal(job.JobId, Assert.Single(harvest.Engine.Jobs.List("test-source", JobStatus.New)).JobId);

        var seen = new List<(HarvestStage Stage, JobStatus Status)>();
        var progress = new SyncProgress<StageProgress>(p => seen.Add((p.Stage, harvest.Engine.Jobs.Get(p.JobId).Status)));
        var report = await harvest.Engine.Jobs.RunAsync(job.JobId, new RunOptions { Progress = progress });

        Assert.Contains((HarvestStage.Gather, JobStatus.Running), seen);
        Assert.All(seen, s => Assert.Equal(JobStatus.Running, s.Status));
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        var stored = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(JobStatus.Finished, stored.Status);
        Assert.NotNull(stored.GatherStarted);
        Assert.NotNull(stored.GatherFinished);
        Assert.NotNull(stored.Finished);
        Assert.Equal(1, stored.Stats.Added);
        Assert.Empty(harvest.Engine.Jobs.List("test-source", JobStatus.New));
    }

    [Fact]
    public void A_New_job_can_be_aborted_by_its_id()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var job = harvest.Engine.Jobs.Create("test-source");

        var aborted = harvest.Engine.Jobs.Abort(job.JobId);

        Assert.Equal(job.JobId, aborted.JobId);
        Assert.Equal(JobStatus.Aborted, aborted.Status);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.NotNull(harvest.Engine.Jobs.Get(job.JobId).Finished);
    }

    [Fact]
    public void A_New_job_can_be_aborted_by_its_source_name_and_then_a_new_job_is_allowed()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var job = harvest.Engine.Jobs.Create("test-source");

        var aborted = harvest.Engine.Jobs.Abort("test-source");

        Assert.Equal(job.JobId, aborted.JobId);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(job.JobId).Status);
        var next = harvest.Engine.Jobs.Create("test-source");
        Assert.NotEqual(job.JobId, next.JobId);
        Assert.Equal(JobStatus.New, next.Status);
    }

    [Fact]
    public async Task Aborting_a_finished_job_or_a_source_with_no_active_job_is_refused()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var report = await harvest.RunAsync();

        var conflict = Assert.Throws<HarvestConflictException>(() => harvest.Engine.Jobs.Abort(report.JobId));
        Assert.Contains("Finished", conflict.Message);
        var missing = Assert.Throws<HarvestNotFoundException>(() => harvest.Engine.Jobs.Abort("test-source"));
        Assert.Contains("test-source", missing.Message);
        Assert.Equal(JobStatus.Finished, harvest.Engine.Jobs.Get(report.JobId).Status);
    }

    [Fact]
    public void A_second_job_while_one_is_New_is_refused()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var first = harvest.Engine.Jobs.Create("test-source");

        var e = Assert.Throws<JobAlreadyRunningException>(() => harvest.Engine.Jobs.Create("test-source"));

        Assert.Equal(first.JobId, e.Job.JobId);
        Assert.Contains(first.JobId, e.Message);
        Assert.Single(harvest.Engine.Jobs.List("test-source"));
    }

    [Fact]
    public async Task A_second_job_while_one_is_Running_is_refused()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        JobAlreadyRunningException? refused = null;
        var progress = new SyncProgress<StageProgress>(p =>
        {
            if (p.Stage == HarvestStage.Gather && refused is null)
                refused = Assert.Throws<JobAlreadyRunningException>(() => harvest.Engine.Jobs.Create("test-source"));
        });

        var report = await harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { Progress = progress });

        Assert.NotNull(refused);
        Assert.Equal(report.JobId, refused.Job.JobId);
        Assert.Equal(JobStatus.Running, refused.Job.Status);
        Assert.Single(harvest.Engine.Jobs.List("test-source"));
    }

    [Fact]
    public void Deactivating_a_source_aborts_its_New_job_and_refuses_new_ones()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var job = harvest.Engine.Jobs.Create("test-source");

        var source = harvest.Engine.Sources.Deactivate("test-source");

        Assert.False(source.Active);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.DoesNotContain(harvest.Engine.Sources.List(), s => s.Name == "test-source");
        Assert.Contains(harvest.Engine.Sources.List(includeInactive: true), s => s.Name == "test-source" && !s.Active);
        var e = Assert.Throws<HarvestConflictException>(() => harvest.Engine.Jobs.Create("test-source"));
        Assert.Contains("not active", e.Message);
        Assert.Single(harvest.Engine.Jobs.List("test-source"));
    }

    [Fact]
    public async Task Running_a_job_that_is_not_New_is_refused()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var finished = await harvest.RunAsync();
        var aborted = harvest.Engine.Jobs.Abort(harvest.Engine.Jobs.Create("test-source").JobId);

        var e1 = await Assert.ThrowsAsync<HarvestConflictException>(() => harvest.Engine.Jobs.RunAsync(finished.JobId));
        var e2 = await Assert.ThrowsAsync<HarvestConflictException>(() => harvest.Engine.Jobs.RunAsync(aborted.JobId));

        Assert.Contains("Finished", e1.Message);
        Assert.Contains("Aborted", e2.Message);
        Assert.Equal(JobStatus.Finished, harvest.Engine.Jobs.Get(finished.JobId).Status);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(aborted.JobId).Status);
    }

    [Fact]
    public async Task RunNow_takes_the_sources_New_job_instead_of_creating_one()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        var job = harvest.Engine.Jobs.Create("test-source");

        var report = await harvest.RunAsync();

        Assert.Equal(job.JobId, report.JobId);
        Assert.Single(harvest.Engine.Jobs.List("test-source"));
    }

    [Fact]
    public async Task Cancelling_while_the_catalog_is_still_downloading_aborts_the_job()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"dataset\": [" + System.Text.Json.JsonSerializer.Serialize(DataJsonBuilder.Record("a", "Alpha")) + ",");
            await context.Response.Body.FlushAsync();
            started.TrySetResult();
            // Never finishes the document: wait until the client goes away or the test ends.
            await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/data.json");
        using var cancellation = new CancellationTokenSource();

        try
        {
            var run = harvest.Engine.Jobs.RunNowAsync("test-source", cancellationToken: cancellation.Token);
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
        finally
        {
            release.TrySetResult();
        }

        var job = Assert.Single(harvest.Engine.Jobs.List("test-source"));
        Assert.Equal(JobStatus.Aborted, job.Status);
        Assert.NotNull(job.Finished);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
        // The source can be harvested again afterwards.
        Assert.Equal(JobStatus.New, harvest.Engine.Jobs.Create("test-source").Status);
    }

    [Fact]
    public async Task Cancelling_from_a_progress_callback_after_fetch_aborts_the_job_before_import()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress<StageProgress>(p =>
        {
            if (p.Stage == HarvestStage.Fetch) cancellation.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { Progress = progress }, cancellation.Token));

        var job = Assert.Single(harvest.Engine.Jobs.List("test-source"));
        Assert.Equal(JobStatus.Aborted, job.Status);
        Assert.Equal(0, job.Stats.Added);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task Cancelling_from_a_progress_callback_after_gather_aborts_the_job()
    {
        using var harvest = WithCatalog(DataJsonBuilder.Record("a", "Alpha"));
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress<StageProgress>(p =>
        {
            if (p.Stage == HarvestStage.Gather) cancellation.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { Progress = progress }, cancellation.Token));

        Assert.Equal(JobStatus.Aborted, Assert.Single(harvest.Engine.Jobs.List("test-source")).Status);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task A_job_aborted_while_it_runs_stops_and_stays_aborted()
    {
        // More records than one fetch page, so that the run records progress after the abort.
        var records = Enumerable.Range(0, 450).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToArray();
        using var harvest = WithCatalog(records);
        var aborted = false;
        var progress = new SyncProgress<StageProgress>(p =>
        {
            if (p.Stage == HarvestStage.Fetch && !aborted)
            {
                harvest.Engine.Jobs.Abort(p.JobId);
                aborted = true;
            }
        });

        var report = await harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { Progress = progress });

        Assert.True(aborted);
        Assert.Equal(JobStatus.Aborted, report.Job.Status);
        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(report.JobId).Status);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }
}
