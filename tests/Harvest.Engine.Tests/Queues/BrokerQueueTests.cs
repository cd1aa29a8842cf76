using Harvest.Engine.Queues;
using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>The Redis and RabbitMQ queues against real servers on loopback.</summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerQueueTests
{
    private static async Task<IHarvestQueue> Open(HarvestSettings settings) => await QueueFactory.OpenAsync(settings, store: null!);

    private static HarvestSettings Settings(string mqType, int visibility = 600) =>
        Brokers.On(new HarvestSettings { MqVisibilityTimeout = visibility }, mqType);

    [RedisFact] public Task Redis_delivers_acks_and_purges_by_site() => Delivery("redis");
    [AmqpFact] public Task Amqp_delivers_acks_and_purges_by_site() => Delivery("amqp");
    [RedisFact] public Task Redis_returns_the_item_of_a_consumer_that_went_away() => ConsumerGoesAway("redis");
    [AmqpFact] public Task Amqp_returns_the_item_of_a_consumer_that_went_away() => ConsumerGoesAway("amqp");

    private static async Task Delivery(string mqType)
    {
        var mine = Settings(mqType);
        var theirs = Brokers.WithSite(mine, mine.SiteId + "x");
        await using var queue = await Open(mine);
        await using var other = await Open(theirs);
        await queue.PublishAsync(HarvestQueueKind.Fetch, "one");
        await queue.PublishAsync(HarvestQueueKind.Fetch, "two");
        await queue.PublishAsync(HarvestQueueKind.Gather, "job");
        await other.PublishAsync(HarvestQueueKind.Fetch, "theirs");

        var first = await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(10));
        Assert.Equal(("one", 1), (first!.Body, first.Attempts));
        await queue.AckAsync(first);
        var second = await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(10));
        Assert.Equal("two", second!.Body);
        await queue.AckAsync(second);
        Assert.Null(await queue.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromMilliseconds(500)));

        Assert.Equal(1, await queue.PurgeAsync());
        Assert.Null(await queue.ReceiveAsync(HarvestQueueKind.Gather, TimeSpan.FromMilliseconds(500)));
        var survivor = await other.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(10));
        Assert.Equal("theirs", survivor!.Body);
        await other.AckAsync(survivor);
    }

    private static async Task ConsumerGoesAway(string mqType)
    {
        var settings = Settings(mqType, visibility: 1);
        await using (var publisher = await Open(settings))
            await publisher.PublishAsync(HarvestQueueKind.Fetch, "held");

        var gone = await Open(settings);
        Assert.Equal("held", (await gone.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(10)))!.Body);
        await gone.DisposeAsync();

        await using var next = await Open(settings);
        var again = await next.ReceiveAsync(HarvestQueueKind.Fetch, TimeSpan.FromSeconds(15));
        Assert.NotNull(again);
        Assert.Equal(("held", 2), (again.Body, again.Attempts));
        await next.AckAsync(again);
        await next.PurgeAsync();
    }
}
