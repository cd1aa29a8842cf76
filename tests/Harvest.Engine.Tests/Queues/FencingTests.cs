using System.Text.Json;
using Harvest.Engine.Consumers;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>
/// A consumer that holds an object past the visibility timeout is overtaken by another that takes it again; when the
/// first one wakes up, the object is not imported a second time (its stale content never overwrites the fresh one).
/// </summary>
public sealed class FencingTests
{
    [Fact]
    public Task On_sqlite_a_consumer_paused_past_the_visibility_timeout_does_not_import_again() => PausedConsumer(StoreKind.Sqlite);

    [PostgresFact]
    public Task On_postgres_a_consumer_paused_past_the_visibility_timeout_does_not_import_again() => PausedConsumer(StoreKind.Postgres);

    private static async Task PausedConsumer(StoreKind kind)
    {
        var harvester = new ScriptedHarvester().Add("x", "Original");
        var fetches = 0;
        using var gate = new ManualResetEventSlim();
        harvester.Fetch = o =>
        {
            // The first consumer to fetch is paused here, past the visibility timeout, and then brings stale content.
            if (Interlocked.Increment(ref fetches) == 1)
            {
                gate.Wait(TimeSpan.FromSeconds(60));
                return JsonSerializer.Serialize(new { title = "Stale" });
            }
            return JsonSerializer.Serialize(new { title = "Fresh" });
        };
        Func<Settings.HarvestSettings, Settings.HarvestSettings> fast = s => s with { MqVisibilityTimeout = 1 };
        using var harvest = kind == StoreKind.Postgres
            ? TestHarvest.OnPostgres(fast, harvester.Registry())
            : new TestHarvest(fast, harvester.Registry());
        harvest.AddSource("https://remote.example/", type: ScriptedHarvester.TypeName);
        var job = harvest.Engine.Jobs.Create("test-source");
        await using var queue = await harvest.Engine.OpenQueueAsync();
        await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
        await GatherWork.ProcessAsync(harvest.Engine, queue, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!, default);

        // Two consumers, each with its own connection to the store.
        using var first = new HarvestEngine(harvest.Settings, registry: harvester.Registry());
        using var second = new HarvestEngine(harvest.Settings, registry: harvester.Registry());
        var heldTooLong = (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero))!;
        var paused = Task.Run(() => FetchWork.ProcessBatchAsync(first, [heldTooLong], default));
        await Eventually.TrueAsync(() => Volatile.Read(ref fetches) == 1, "the first consumer to start fetching", seconds: 30);
        QueueItem? takenAgain = null;
        await Eventually.TrueAsync(() => (takenAgain = queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero).GetAwaiter().GetResult()) is not null,
            "the object to come back to the queue after its visibility timeout", seconds: 30);
        Assert.Equal(2, takenAgain!.Attempts);

        await FetchWork.ProcessBatchAsync(second, [takenAgain], default);
        gate.Set();
        await paused;

        var harvestObject = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: job.JobId)));
        Assert.Equal((ObjectState.Complete, ReportStatus.Added, 2), (harvestObject.State, harvestObject.ReportStatus, harvestObject.Attempts));
        Assert.Equal("Fresh", Assert.Single(harvest.Engine.Datasets()).Title);
        Assert.Equal(new JobStats { Added = 1 }, harvest.Engine.Jobs.Get(job.JobId).Stats);
        Assert.Empty(harvest.Engine.Jobs.Report(job.JobId).ObjectErrors);
    }
}
