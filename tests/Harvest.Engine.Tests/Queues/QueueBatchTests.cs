using System.Collections.Concurrent;
using Harvest.Engine.Queues;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>
/// Batch publish, batch receive and batch ack, alike on the four queues: the database queue on SQLite and on
/// PostgreSQL, Redis and RabbitMQ, against real servers. Every test uses a site id of its own.
/// </summary>
public abstract class QueueBatchContract : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Settings for one test: the queue type, a site id of its own and the visibility timeout.</summary>
    protected abstract HarvestSettings NewSettings(int visibilitySeconds);

    /// <summary>A queue as a consumer process opens it: its own connection(s).</summary>
    protected abstract Task<IHarvestQueue> Open(HarvestSettings settings);

    /// <summary>
    /// Whether <see cref="IHarvestQueue.CountAsync"/> counts items received and not yet acked. RabbitMQ's message
    /// count is of ready messages only, so on AMQP an item leaves the count when it is delivered, not when it is acked.
    /// </summary>
    protected virtual bool CountsItemsInFlight => true;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected async Task Batches_come_in_publish_order_up_to_max()
    {
        var settings = NewSettings(visibilitySeconds: 600);
        await using var queue = await Open(settings);
        var bodies = Bodies("order", 250);
        await queue.PublishAsync(HarvestQueueKind.Fetch, bodies);
        await queue.PublishAsync(HarvestQueueKind.Gather, ["job-1", "job-2"]);
        Assert.Equal(250, await queue.CountAsync(HarvestQueueKind.Fetch));

        var batches = new List<IReadOnlyList<QueueItem>>();
        for (var i = 0; i < 3; i++)
        {
            var batch = await queue.ReceiveBatchAsync(HarvestQueueKind.Fetch, 100, Patience);
            batches.Add(batch);
            await queue.AckAsync(batch);
        }

        Assert.Equal([100, 100, 50], batches.Select(batch => batch.Count));
        var received = batches.SelectMany(batch => batch).ToList();
        Assert.Equal(bodies, received.Select(item => item.Body));
        Assert.All(received, item => Assert.Equal((HarvestQueueKind.Fetch, 1), (item.Queue, item.Attempts)));

        var none = await queue.ReceiveBatchAsync(HarvestQueueKind.Fetch, 100, TimeSpan.FromMilliseconds(500));
        Assert.Empty(none);
        await queue.AckAsync(none);
        Assert.Equal(0, await queue.CountAsync(HarvestQueueKind.Fetch));

        // The other queue kept its own batch, untouched.
        var jobs = await Drain(queue, HarvestQueueKind.Gather, expected: 2, max: 10);
        Assert.Equal(["job-1", "job-2"], jobs.Select(item => item.Body));
        await queue.PurgeAsync();
    }

    protected async Task Acking_a_batch_removes_exactly_those_items()
    {
        var settings = NewSettings(visibilitySeconds: 1);
        var bodies = Bodies("ack", 250);
        var first = await Open(settings);
        await first.PublishAsync(HarvestQueueKind.Fetch, bodies);
        Assert.Equal(250, await first.CountAsync(HarvestQueueKind.Fetch));
        var batch = await first.ReceiveBatchAsync(HarvestQueueKind.Fetch, 100, Patience);
        Assert.Equal(bodies.Take(100), batch.Select(item => item.Body));

        // Ack every other item of the batch: those go, and only those.
        var acked = batch.Where((_, i) => i % 2 == 0).ToList();
        await first.AckAsync(acked);
        if (CountsItemsInFlight) Assert.Equal(200, await first.CountAsync(HarvestQueueKind.Fetch));

        // The acks freed room: the next batch is the next items (on RabbitMQ, 50 more deliveries within the prefetch
        // of 100 also show that the broker has taken all 50 acks before this consumer goes away).
        var next = await Take(first, HarvestQueueKind.Fetch, 50);
        Assert.Equal(bodies.Skip(100).Take(50), next.Select(item => item.Body));

        // What it held and did not ack comes back (visibility timeout, or the channel closing), with the rest.
        await first.DisposeAsync();
        await using var second = await Open(settings);
        await CountBecomes(second, HarvestQueueKind.Fetch, 200);
        var rest = await Drain(second, HarvestQueueKind.Fetch, expected: 200, max: 100);

        var ackedBodies = acked.Select(item => item.Body).ToHashSet();
        var heldBodies = batch.Concat(next).Select(item => item.Body).ToHashSet();
        Assert.Equal(bodies.Where(body => !ackedBodies.Contains(body)).Order(), rest.Select(item => item.Body).Order());
        Assert.All(rest, item => Assert.Equal(heldBodies.Contains(item.Body) ? 2 : 1, item.Attempts));

        // Past the visibility timeout nothing else returns: the acked items are gone for good.
        Assert.Empty(await second.ReceiveBatchAsync(HarvestQueueKind.Fetch, 100, TimeSpan.FromSeconds(2.5)));
        Assert.Equal(0, await second.CountAsync(HarvestQueueKind.Fetch));
        await second.PurgeAsync();
    }

    protected async Task A_batch_whose_consumer_went_away_comes_back_whole()
    {
        var settings = NewSettings(visibilitySeconds: 1);
        var bodies = Bodies("held", 150);
        await using (var publisher = await Open(settings))
            await publisher.PublishAsync(HarvestQueueKind.Fetch, bodies);

        var gone = await Open(settings);
        var held = await gone.ReceiveBatchAsync(HarvestQueueKind.Fetch, 100, Patience);
        Assert.Equal(bodies.Take(100), held.Select(item => item.Body));
        Assert.All(held, item => Assert.Equal(1, item.Attempts));
        await gone.DisposeAsync();

        await using var next = await Open(settings);
        var all = await Drain(next, HarvestQueueKind.Fetch, expected: 150, max: 100);

        var heldBodies = held.Select(item => item.Body).ToHashSet();
        Assert.Equal(bodies.Order(), all.Select(item => item.Body).Order());
        Assert.All(all, item => Assert.Equal(heldBodies.Contains(item.Body) ? 2 : 1, item.Attempts));
        Assert.Equal(100, all.Count(item => item.Attempts == 2));
        await next.PurgeAsync();
    }

    protected async Task Concurrent_batch_consumers_never_share_an_item()
    {
        var settings = NewSettings(visibilitySeconds: 600);
        var bodies = Bodies("shared", 300);
        await using (var publisher = await Open(settings))
            await publisher.PublishAsync(HarvestQueueKind.Fetch, bodies);

        // Both consumers connect first, then start together.
        var consumers = new[] { await Open(settings), await Open(settings) };
        var taken = new ConcurrentQueue<(int Consumer, QueueItem Item)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var running = consumers.Select((queue, consumer) => Task.Run(async () =>
        {
            await start.Task;
            while (taken.Count < bodies.Length && DateTime.UtcNow < deadline)
            {
                var batch = await queue.ReceiveBatchAsync(HarvestQueueKind.Fetch, 50, TimeSpan.FromMilliseconds(200));
                Assert.InRange(batch.Count, 0, 50);
                foreach (var item in batch) taken.Enqueue((consumer, item));
                if (batch.Count == 0) continue;
                // Work on the batch a moment, holding its items, while the other consumer receives.
                await Task.Delay(100);
                await queue.AckAsync(batch);
            }
        })).ToList();
        start.SetResult();
        try
        {
            await Task.WhenAll(running);

            var split = string.Join(", ", taken.GroupBy(t => t.Consumer).Select(g => $"consumer {g.Key}: {g.Count()}"));
            Assert.True(taken.Count == bodies.Length, $"{taken.Count} items taken ({split}), not {bodies.Length}");
            Assert.Equal(bodies.Order(), taken.Select(t => t.Item.Body).Order());
            Assert.All(taken, t => Assert.Equal(1, t.Item.Attempts));
            Assert.True(taken.Select(t => t.Consumer).Distinct().Count() == 2, $"only one consumer took items ({split})");

            // Looked at while both consumers are still connected (RabbitMQ may drop acks sent just before a channel closes).
            await using var after = await Open(settings);
            Assert.Empty(await after.ReceiveBatchAsync(HarvestQueueKind.Fetch, 50, TimeSpan.FromMilliseconds(500)));
            Assert.Equal(0, await after.CountAsync(HarvestQueueKind.Fetch));
            await after.PurgeAsync();
        }
        finally
        {
            foreach (var queue in consumers) await queue.DisposeAsync();
        }
    }

    private static string[] Bodies(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D3}")];

    /// <summary>Receives <paramref name="count"/> items, in as many batches as they come in, without acking them.</summary>
    private static async Task<List<QueueItem>> Take(IHarvestQueue queue, HarvestQueueKind kind, int count)
    {
        var items = new List<QueueItem>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (items.Count < count && DateTime.UtcNow < deadline)
        {
            var batch = await queue.ReceiveBatchAsync(kind, count - items.Count, TimeSpan.FromSeconds(1));
            Assert.InRange(batch.Count, 0, count - items.Count);
            items.AddRange(batch);
        }
        return items;
    }

    /// <summary>Receives and acks batches until <paramref name="expected"/> items came (or a generous deadline passed).</summary>
    private static async Task<List<QueueItem>> Drain(IHarvestQueue queue, HarvestQueueKind kind, int expected, int max)
    {
        var items = new List<QueueItem>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (items.Count < expected && DateTime.UtcNow < deadline)
        {
            var batch = await queue.ReceiveBatchAsync(kind, max, TimeSpan.FromSeconds(1));
            Assert.InRange(batch.Count, 0, max);
            items.AddRange(batch);
            await queue.AckAsync(batch);
        }
        Assert.True(items.Count == expected, $"{items.Count} items received, not {expected}");
        return items;
    }

    /// <summary>The count, once it settles: a broker returns a closed channel's messages a moment after the close.</summary>
    private static async Task CountBecomes(IHarvestQueue queue, HarvestQueueKind kind, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long count;
        while ((count = await queue.CountAsync(kind)) != expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(expected, count);
    }
}

/// <summary>The database queue: each queue opened has a store (a connection) of its own, as a consumer process has.</summary>
public abstract class DatabaseQueueBatchContract : QueueBatchContract
{
    private readonly List<IHarvestStore> _stores = [];
    private TestHarvest? _harvest;

    protected abstract TestHarvest NewHarvest();

    protected override HarvestSettings NewSettings(int visibilitySeconds)
    {
        _harvest ??= NewHarvest();
        return _harvest.Settings with { MqType = "database", SiteId = "test" + Guid.NewGuid().ToString("N")[..10], MqVisibilityTimeout = visibilitySeconds };
    }

    protected override Task<IHarvestQueue> Open(HarvestSettings settings)
    {
        var store = StoreFactory.Open(settings);
        _stores.Add(store);
        return QueueFactory.OpenAsync(settings, store);
    }

    public override void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _harvest?.Dispose();
        base.Dispose();
    }
}

public sealed class SqliteQueueBatchTests : DatabaseQueueBatchContract
{
    protected override TestHarvest NewHarvest() => new();

    [Fact] public Task Batches_in_order() => Batches_come_in_publish_order_up_to_max();
    [Fact] public Task Batch_ack() => Acking_a_batch_removes_exactly_those_items();
    [Fact] public Task Consumer_goes_away() => A_batch_whose_consumer_went_away_comes_back_whole();
    [Fact] public Task Concurrent_consumers() => Concurrent_batch_consumers_never_share_an_item();
}

public sealed class PostgresQueueBatchTests : DatabaseQueueBatchContract
{
    protected override TestHarvest NewHarvest() => TestHarvest.OnPostgres();

    [PostgresFact] public Task Batches_in_order() => Batches_come_in_publish_order_up_to_max();
    [PostgresFact] public Task Batch_ack() => Acking_a_batch_removes_exactly_those_items();
    [PostgresFact] public Task Consumer_goes_away() => A_batch_whose_consumer_went_away_comes_back_whole();
    [PostgresFact] public Task Concurrent_consumers() => Concurrent_batch_consumers_never_share_an_item();
}

/// <summary>The broker queues: each queue opened has a connection of its own.</summary>
public abstract class BrokerQueueBatchContract(string mqType) : QueueBatchContract
{
    protected override HarvestSettings NewSettings(int visibilitySeconds) =>
        Brokers.On(new HarvestSettings { MqVisibilityTimeout = visibilitySeconds }, mqType);

    protected override Task<IHarvestQueue> Open(HarvestSettings settings) => QueueFactory.OpenAsync(settings, store: null!);
}

[Collection(BrokerCollection.Name)]
public sealed class RedisQueueBatchTests() : BrokerQueueBatchContract("redis")
{
    [RedisFact] public Task Batches_in_order() => Batches_come_in_publish_order_up_to_max();
    [RedisFact] public Task Batch_ack() => Acking_a_batch_removes_exactly_those_items();
    [RedisFact] public Task Consumer_goes_away() => A_batch_whose_consumer_went_away_comes_back_whole();
    [RedisFact] public Task Concurrent_consumers() => Concurrent_batch_consumers_never_share_an_item();
}

[Collection(BrokerCollection.Name)]
public sealed class AmqpQueueBatchTests() : BrokerQueueBatchContract("amqp")
{
    protected override bool CountsItemsInFlight => false;

    [AmqpFact] public Task Batches_in_order() => Batches_come_in_publish_order_up_to_max();
    [AmqpFact] public Task Batch_ack() => Acking_a_batch_removes_exactly_those_items();
    [AmqpFact] public Task Consumer_goes_away() => A_batch_whose_consumer_went_away_comes_back_whole();
    [AmqpFact] public Task Concurrent_consumers() => Concurrent_batch_consumers_never_share_an_item();
}
