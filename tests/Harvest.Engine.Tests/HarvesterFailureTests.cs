using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>A harvester that throws for one object: that object is errored with the message and stage; the job goes on.</summary>
public sealed class HarvesterFailureTests
{
    private static (TestHarvest Harvest, ScriptedHarvester Harvester) Scripted()
    {
        var harvester = new ScriptedHarvester()
            .Add("ok-1", "First fine record")
            .Add("import-fails", "Import fails")
            .Add("fetch-fails", "Fetch fails")
            .Add("ok-2", "Second fine record");
        var harvest = new TestHarvest(registry: harvester.Registry());
        harvest.AddSource("https://remote.example/scripted", type: ScriptedHarvester.TypeName);
        return (harvest, harvester);
    }

    [Fact]
    public async Task Exceptions_in_fetch_and_import_error_only_their_objects_and_the_job_finishes()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultFetch = harvester.Fetch;
        var defaultImport = harvester.Import;
        harvester.Fetch = o => o.Guid == "fetch-fails" ? throw new InvalidOperationException("remote said no") : defaultFetch(o);
        harvester.Import = o => o.Guid == "import-fails" ? throw new FormatException("bad date '2026-13-45'") : defaultImport(o);

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(new JobStats { Added = 2, Errored = 2 }, report.Stats);
        Assert.Equal(["first-fine-record", "second-fine-record"], harvest.Engine.Datasets().Select(d => d.Name));

        var objects = harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)).ToDictionary(o => o.Guid);
        foreach (var guid in new[] { "import-fails", "fetch-fails" })
        {
            Assert.Equal(ObjectState.Error, objects[guid].State);
            Assert.Equal(ReportStatus.Errored, objects[guid].ReportStatus);
            Assert.False(objects[guid].Current);
            Assert.Null(objects[guid].DatasetId);
        }
        Assert.Equal(ObjectState.Complete, objects["ok-1"].State);

        var errors = harvest.Engine.Store.ListObjectErrors(report.JobId).ToDictionary(e => e.ObjectId);
        Assert.Equal(2, errors.Count);
        var fetchError = errors[objects["fetch-fails"].ObjectId];
        Assert.Equal(HarvestStage.Fetch, fetchError.Stage);
        Assert.Equal("InvalidOperationException: remote said no", fetchError.Message);
        var importError = errors[objects["import-fails"].ObjectId];
        Assert.Equal(HarvestStage.Import, importError.Stage);
        Assert.Equal("FormatException: bad date '2026-13-45'", importError.Message);
    }

    /// <summary>A failure the run cannot go past (here one a store raises when PostgreSQL picks it as a deadlock victim).</summary>
    private sealed class DeadlockVictim : System.Data.Common.DbException
    {
        public DeadlockVictim() : base("deadlock detected") { }
        public override string SqlState => "40P01";
    }

    [Fact]
    public async Task A_run_that_fails_aborts_its_job_with_the_reason_and_keeps_what_it_wrote_consistent()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultImport = harvester.Import;
        harvester.Import = o => o.Guid == "fetch-fails" ? throw new DeadlockVictim() : defaultImport(o);

        await Assert.ThrowsAsync<DeadlockVictim>(() => harvest.RunAsync());

        var job = Assert.Single(harvest.Engine.Jobs.List());
        Assert.Equal(JobStatus.Aborted, job.Status);
        Assert.NotNull(job.Finished);
        var report = harvest.Engine.Jobs.Report(job.JobId);
        Assert.Contains(report.GatherErrors, e => e.Message.Contains("the run failed", StringComparison.Ordinal) && e.Message.Contains("deadlock detected", StringComparison.Ordinal));
        // The page that failed was rolled back whole: no dataset without its object, no object pointing at no dataset.
        var datasets = harvest.Engine.Datasets();
        var complete = harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: job.JobId, State: ObjectState.Complete));
        Assert.Equal(datasets.Select(d => d.DatasetId).Order(), complete.Select(o => o.DatasetId!).Order());
        // The source is free for the next job.
        Assert.Equal(JobStatus.New, harvest.Engine.Jobs.Create(harvest.Engine.Sources.List().Single().SourceId).Status);
    }

    [Fact]
    public async Task The_job_report_lists_each_errored_object_with_its_guid_url_and_stage()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultFetch = harvester.Fetch;
        var defaultImport = harvester.Import;
        harvester.Fetch = o => o.Guid == "fetch-fails" ? throw new HttpRequestException("connection refused") : defaultFetch(o);
        harvester.Import = o => o.Guid == "import-fails" ? throw new HarvestException("record 'import-fails' has a bad license") : defaultImport(o);
        var run = await harvest.RunAsync();

        var report = harvest.Engine.Jobs.Report(run.JobId);

        Assert.True(report.HasErrors);
        Assert.Empty(report.GatherErrors);
        var byGuid = report.ObjectErrors.ToDictionary(r => r.Guid);
        Assert.Equal(["fetch-fails", "import-fails"], byGuid.Keys.Order());
        Assert.Equal("https://remote.example/fetch-fails", byGuid["fetch-fails"].OriginalUrl);
        var fetchError = Assert.Single(byGuid["fetch-fails"].Errors);
        Assert.Equal(HarvestStage.Fetch, fetchError.Stage);
        Assert.Contains("connection refused", fetchError.Message);
        var importError = Assert.Single(byGuid["import-fails"].Errors);
        Assert.Equal(HarvestStage.Import, importError.Stage);
        // Our own exceptions keep their message as it is.
        Assert.Equal("record 'import-fails' has a bad license", importError.Message);
    }

    [Fact]
    public async Task A_harvester_timeout_in_fetch_is_an_object_error_not_a_cancelled_job()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultFetch = harvester.Fetch;
        harvester.Fetch = o => o.Guid == "fetch-fails" ? throw new TaskCanceledException("The request timed out") : defaultFetch(o);

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(new JobStats { Added = 3, Errored = 1 }, report.Stats);
        var error = Assert.Single(harvest.Engine.Store.ListObjectErrors(report.JobId));
        Assert.Equal(HarvestStage.Fetch, error.Stage);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task An_import_that_returns_no_title_is_an_object_error()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultImport = harvester.Import;
        harvester.Import = o => o.Guid == "import-fails" ? defaultImport(o) with { Title = "  " } : defaultImport(o);

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 3, Errored = 1 }, report.Stats);
        var error = Assert.Single(harvest.Engine.Store.ListObjectErrors(report.JobId));
        Assert.Equal(HarvestStage.Import, error.Stage);
        Assert.Contains("import-fails", error.Message);
    }

    [Fact]
    public async Task An_exception_in_gather_is_a_gather_error_and_leaves_no_objects()
    {
        var harvester = new ScriptedHarvester().Add("a", "Alpha");
        harvester.Records.Add(null!); // gather fails on the second record
        using var harvest = new TestHarvest(registry: harvester.Registry());
        harvest.AddSource("https://remote.example/scripted", type: ScriptedHarvester.TypeName);

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.True(report.HasErrors);
        Assert.Single(report.GatherErrors);
        Assert.Equal(1, harvest.Engine.Jobs.Get(report.JobId).GatherErrorCount);
        Assert.Equal(new JobStats(), report.Stats);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)));
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task An_errored_object_is_imported_on_the_next_run_once_the_harvester_succeeds()
    {
        var (harvest, harvester) = Scripted();
        using var _ = harvest;
        var defaultImport = harvester.Import;
        harvester.Import = o => o.Guid == "import-fails" ? throw new InvalidOperationException("temporary") : defaultImport(o);
        await harvest.RunAsync();

        harvester.Import = defaultImport;
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1, NotModified = 3 }, second.Stats);
        Assert.NotNull(harvest.Engine.Store.FindDatasetByGuid(second.SourceId, "import-fails"));
    }
}
