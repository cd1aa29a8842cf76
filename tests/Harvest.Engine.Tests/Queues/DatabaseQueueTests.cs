using Harvest.Engine.Queues;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>The database queue on both stores: delivery, visibility timeout, release, purge by site.</summary>
public abstract class DatabaseQueueContract
{
    protected abstract TestHarvest NewHarvest();

    private static DatabaseQueue Queue(TestHarvest harvest, string site = "test", double visibilitySeconds = 600) =>
        new((RelationalHarvestStore)harvest.Engine.Store, site, TimeSpan.FromSeconds(visibilitySeconds));

    protected async Task Items_are_delivered_in_order_once_and_acked_items_are_gone()
    {
        using var harvest = NewHarvest();
        var queue = Queue(harvest);
        await queue.PublishAsync(HarvestQueueKind.Fetch, "one");
        await queue.PublishAsync(HarvestQueueKind.Fetch, "two");
        await queue.PublishAsync(HarvestQueueKind.Gather, "job");

        var first = await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero);
        var second = await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero);
        Assert.Equal(("one", 1), (first!.Body, first.Attempts));
        Assert.Equal("two", second!.Body);
        Assert.Null(await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero));

        await queue.AckAsync(first);
        await queue.AckAsync(second);
        Assert.Equal(0, await queue.CountAsync(HarvestQueueKind.Fetch));
        Assert.Equal("job", (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!.Body);
    }

    protected async Task An_item_not_acked_returns_after_its_visibility_timeout_with_its_attempts_counted()
    {
        using var harvest = NewHarvest();
        var queue = Queue(harvest, visibilitySeconds: 1);
        await queue.PublishAsync(HarvestQueueKind.Fetch, "object");

        Assert.NotNull(await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero));
        Assert.Null(await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero));
        var again = await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(10));

        Assert.Equal(("object", 2), (again!.Body, again.Attempts));
    }

    protected async Task A_released_item_comes_back_at_once()
    {
        using var harvest = NewHarvest();
        var queue = Queue(harvest);
        await queue.PublishAsync(HarvestQueueKind.Gather, "job");
        var item = await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero);

        await queue.ReleaseAsync(item!, TimeSpan.Zero);

        Assert.Equal(2, (await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.Zero))!.Attempts);
    }

    protected async Task Purge_removes_only_this_sites_items()
    {
        using var harvest = NewHarvest();
        var mine = Queue(harvest, "mine");
        var theirs = Queue(harvest, "theirs");
        await mine.PublishAsync(HarvestQueueKind.Gather, "a");
        await mine.PublishAsync(HarvestQueueKind.Fetch, "b");
        await theirs.PublishAsync(HarvestQueueKind.Fetch, "c");

        Assert.Equal(2, await mine.PurgeAsync());

        Assert.Equal(0, await mine.CountAsync(HarvestQueueKind.Fetch));
        Assert.Equal("c", (await theirs.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.Zero))!.Body);
        Assert.Equal("ckan.harvest.mine.fetch", QueueNames.For("mine", HarvestQueueKind.Fetch));
    }
}

public sealed class SqliteDatabaseQueueTests : DatabaseQueueContract
{
    protected override TestHarvest NewHarvest() => new();

    [Fact] public Task Delivery() => Items_are_delivered_in_order_once_and_acked_items_are_gone();
    [Fact] public Task Visibility_timeout() => An_item_not_acked_returns_after_its_visibility_timeout_with_its_attempts_counted();
    [Fact] public Task Release() => A_released_item_comes_back_at_once();
    [Fact] public Task Purge() => Purge_removes_only_this_sites_items();
}

public sealed class PostgresDatabaseQueueTests : DatabaseQueueContract
{
    protected override TestHarvest NewHarvest() => TestHarvest.OnPostgres();

    [PostgresFact] public Task Delivery() => Items_are_delivered_in_order_once_and_acked_items_are_gone();
    [PostgresFact] public Task Visibility_timeout() => An_item_not_acked_returns_after_its_visibility_timeout_with_its_attempts_counted();
    [PostgresFact] public Task Release() => A_released_item_comes_back_at_once();
    [PostgresFact] public Task Purge() => Purge_removes_only_this_sites_items();

    [PostgresFact]
    public async Task Concurrent_consumers_each_take_every_item_exactly_once()
    {
        using var harvest = TestHarvest.OnPostgres();
        var publisher = new DatabaseQueue((RelationalHarvestStore)harvest.Engine.Store, "test", TimeSpan.FromMinutes(10));
        for (var i = 0; i < 300; i++) await publisher.PublishAsync(HarvestQueueKind.Fetch, i.ToString());

        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var store = new PostgresHarvestStore(harvest.Settings.Database);
            var queue = new DatabaseQueue(store, "test", TimeSpan.FromMinutes(10));
            // Until the queue is empty: a receiver may find every remaining item held by the others for a moment.
            while (await queue.CountAsync(HarvestQueueKind.Fetch) > 0)
            {
                if (await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromMilliseconds(100)) is not { } item) continue;
                taken.Add(item.Body);
                await queue.AckAsync(item);
            }
        })));

        Assert.Equal(300, taken.Count);
        Assert.Equal(300, taken.Distinct().Count());
    }
}
