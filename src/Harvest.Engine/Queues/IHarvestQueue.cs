namespace Harvest.Engine.Queues;

/// <summary>
/// The gather queue (job ids) and the fetch queue (object ids). A received item is invisible to other
/// consumers until it is acked (done), released (handed back) or its visibility timeout passes, when it
/// returns by itself: a consumer that dies loses nothing.
/// </summary>
public interface IHarvestQueue : IAsyncDisposable
{
    Task PublishAsync(HarvestQueueKind queue, string body, CancellationToken cancellationToken = default);

    /// <summary>Publishes several items in one round (one statement, one command, one wait for confirms).</summary>
    Task PublishAsync(HarvestQueueKind queue, IReadOnlyList<string> bodies, CancellationToken cancellationToken = default);

    /// <summary>The next item, waiting up to <paramref name="wait"/>; null when none came.</summary>
    Task<QueueItem?> ReceiveAsync(HarvestQueueKind queue, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> items at once, waiting up to <paramref name="wait"/> for the first; empty when none came.
    /// Each item is held, acked and released on its own, as one from <see cref="ReceiveAsync"/>.
    /// </summary>
    Task<IReadOnlyList<QueueItem>> ReceiveBatchAsync(HarvestQueueKind queue, int max, TimeSpan wait, CancellationToken cancellationToken = default);

    Task AckAsync(QueueItem item, CancellationToken cancellationToken = default);

    /// <summary>Acks several items in one round.</summary>
    Task AckAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken = default);

    /// <summary>Hands an item back for another consumer (after a delay); the attempt still counts.</summary>
    Task ReleaseAsync(QueueItem item, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Removes every item of this site's queues; returns how many went.</summary>
    Task<long> PurgeAsync(CancellationToken cancellationToken = default);

    /// <summary>Items waiting or in flight, for progress and tests.</summary>
    Task<long> CountAsync(HarvestQueueKind queue, CancellationToken cancellationToken = default);
}

public enum HarvestQueueKind { Gather, Fetch }

/// <summary>A received item: its body, how many times it has been received (this one included) and the queue's own handle.</summary>
public sealed record QueueItem(HarvestQueueKind Queue, string Body, int Attempts, object Handle);

/// <summary>Queue names, namespaced by site id so several installations share one broker.</summary>
public static class QueueNames
{
    public static string For(string siteId, HarvestQueueKind queue) =>
        $"{CompatibleNames.Prefix}.{siteId}.{(queue == HarvestQueueKind.Gather ? "gather" : "fetch")}";
}
