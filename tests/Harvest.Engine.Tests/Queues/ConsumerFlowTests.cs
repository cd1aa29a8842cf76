using Harvest.Engine.Consumers;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;
using Npgsql;

namespace Harvest.Engine.Tests.Queues;

/// <summary>
/// Jobs through the queue: `run` queues them, a gather consumer and two fetch consumers (in this process, each
/// with its own connections) carry them out, and the last object finishes the job.
/// </summary>
public sealed class ConsumerFlowTests
{
    private static object[] Records(int count, string prefix = "r") =>
        Enumerable.Range(0, count).Select(i => DataJsonBuilder.Record($"{prefix}{i}", $"Record {prefix}{i}")).ToArray();

    [Fact]
    public Task Two_fetch_consumers_on_sqlite_import_every_object_once() => TwoFetchConsumers(new TestHarvest());

    [PostgresFact]
    public Task Two_fetch_consumers_on_postgres_import_every_object_once() => TwoFetchConsumers(TestHarvest.OnPostgres());

    private static async Task TwoFetchConsumers(TestHarvest harvest)
    {
        using var _ = harvest;
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(Records(600))));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow)).JobsQueued);

        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        // Batches of 10: 60 of them, so that both consumers get some however their start-up times fall.
        var fetchSettings = harvest.Settings with { MqFetchBatchSize = 10 };
        var fetchA = new ConsumerHost(fetchSettings, BuiltInHarvesters.CreateRegistry(fetchSettings), HarvestQueueKind.Fetch, 2, SilentOutput.Instance);
        var fetchB = new ConsumerHost(fetchSettings, BuiltInHarvesters.CreateRegistry(fetchSettings), HarvestQueueKind.Fetch, 2, SilentOutput.Instance);
        var running = Task.WhenAll(gather.RunAsync(stop.Token), fetchA.RunAsync(stop.Token), fetchB.RunAsync(stop.Token));

        await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the job to finish");
        stop.Cancel();
        await running;

        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.True(finished.Stats.Errored == 0, string.Join("\n", harvest.Engine.Jobs.Report(job.JobId).ObjectErrors.SelectMany(o => o.Errors).Select(e => e.Message)));
        Assert.Equal((600, 0), (finished.Stats.Added, finished.Stats.Errored));
        Assert.Equal(600, fetchA.Processed + fetchB.Processed);
        Assert.True(fetchA.Processed > 0 && fetchB.Processed > 0, $"both consumers worked ({fetchA.Processed}, {fetchB.Processed})");
        Assert.Equal(600, harvest.Engine.Datasets().Select(d => d.Guid).Distinct().Count());
        Assert.All(harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId, IncludeContent: false)), o => Assert.Equal(1, o.Attempts));
        await using var after = await harvest.Engine.OpenQueueAsync();
        Assert.Equal(0, await after.CountAsync(HarvestQueueKind.Fetch));
    }

    [Fact]
    public async Task An_object_taken_up_too_often_fails_and_its_job_still_finishes()
    {
        using var harvest = new TestHarvest(s => s with { MqMaxAttempts = 2 });
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(Records(2))));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        await GatherWork.ProcessAsync(harvest.Engine, queue, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!, default);
        var first = (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero))!;
        var second = (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero))!;

        // As if two consumers had died holding the first object: this is its third attempt.
        await FetchWork.ProcessAsync(harvest.Engine, first with { Attempts = 3 }, default);
        await FetchWork.ProcessAsync(harvest.Engine, second, default);

        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(JobStatus.Finished, finished.Status);
        Assert.Equal((1, 1), (finished.Stats.Added, finished.Stats.Errored));
        var error = Assert.Single(harvest.Engine.Jobs.Report(job.JobId).ObjectErrors);
        Assert.Contains("gave up after 2 attempts", error.Errors[0].Message);
    }

    [Fact]
    public async Task A_re_harvest_settles_unchanged_records_at_gather_and_queues_only_the_changed_one()
    {
        using var harvest = new TestHarvest();
        var records = Records(3);
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(records));
        harvest.AddSource(path);
        await harvest.RunAsync();
        records[1] = DataJsonBuilder.Record("r1", "Record r1, retitled");
        File.WriteAllText(path, DataJsonBuilder.Catalog(records));

        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        await GatherWork.ProcessAsync(harvest.Engine, queue, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!, default);

        Assert.Equal(1, await queue.CountAsync(HarvestQueueKind.Fetch));
        // The unchanged records are counted, not written: the job's only object is the changed record's.
        Assert.Equal("r1", Assert.Single(harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId, IncludeContent: false))).Guid);
        Assert.Equal(2, harvest.Engine.Jobs.Get(job.JobId).Stats.NotModified);

        await FetchWork.ProcessAsync(harvest.Engine, (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero))!, default);
        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(JobStatus.Finished, finished.Status);
        Assert.Equal((0, 1, 2), (finished.Stats.Added, finished.Stats.Updated, finished.Stats.NotModified));
        Assert.Equal("Record r1, retitled", harvest.Engine.Datasets().Single(d => d.Guid == "r1").Title);
    }

    [Fact]
    public async Task A_re_harvest_of_nothing_changed_finishes_at_gather()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(Records(4))));
        await harvest.RunAsync();

        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        await GatherWork.ProcessAsync(harvest.Engine, queue, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!, default);

        Assert.Equal(0, await queue.CountAsync(HarvestQueueKind.Fetch));
        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal((JobStatus.Finished, 4), (finished.Status, finished.Stats.NotModified));
    }

    [Fact]
    public async Task Queued_work_of_an_aborted_job_is_dropped_and_the_job_stays_aborted()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(Records(3))));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        await GatherWork.ProcessAsync(harvest.Engine, queue, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!, default);

        harvest.Engine.Jobs.Abort(job.JobId);
        while (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero) is { } item)
            await FetchWork.ProcessAsync(harvest.Engine, item, default);

        Assert.Equal(JobStatus.Aborted, harvest.Engine.Jobs.Get(job.JobId).Status);
        Assert.Empty(harvest.Engine.Datasets());
    }

    [PostgresFact]
    public async Task A_consumer_whose_database_connection_is_cut_reconnects_and_the_job_completes()
    {
        using var harvest = TestHarvest.OnPostgres(s => s with { MqVisibilityTimeout = 2 });
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(Records(1500))));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        var fetch = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Fetch, 2, SilentOutput.Instance);
        var running = Task.WhenAll(gather.RunAsync(stop.Token), fetch.RunAsync(stop.Token));

        await Eventually.TrueAsync(() => fetch.Processed > 100, "the fetch consumer to get going");
        var database = new NpgsqlConnectionStringBuilder(harvest.Settings.Database).Database;
        using (var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString))
        {
            admin.Open();
            using var cut = new NpgsqlCommand(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND application_name = 'harvest' AND pid <> pg_backend_pid()", admin);
            cut.Parameters.AddWithValue("db", database!);
            Assert.True((long)cut.ExecuteScalar()! > 0);
        }

        // The cut also ended this test's own connection: look through a new one.
        using var observer = new HarvestEngine(harvest.Settings);
        await Eventually.TrueAsync(() => observer.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the job to finish after the cut");
        stop.Cancel();
        await running;

        var finished = observer.Jobs.Get(job.JobId);
        Assert.Equal(1500, finished.Stats.Added + finished.Stats.Errored);
        Assert.Equal(finished.Stats.Added, observer.Datasets().Count);
        Assert.Equal(observer.Datasets().Count, observer.Datasets().Select(d => d.Guid).Distinct().Count());
    }
}
