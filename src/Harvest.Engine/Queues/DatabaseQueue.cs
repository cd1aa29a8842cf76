using System.Globalization;
using Harvest.Engine.Store;

namespace Harvest.Engine.Queues;

/// <summary>
/// The default queue: a table in the store, so that several processes cooperate with no broker.
/// A claim marks one row invisible until its visibility timeout; PostgreSQL skips rows other
/// consumers hold (FOR UPDATE SKIP LOCKED), SQLite serialises writers.
/// </summary>
internal sealed class DatabaseQueue(RelationalHarvestStore store, string siteId, TimeSpan visibilityTimeout) : IHarvestQueue
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task PublishAsync(HarvestQueueKind queue, string body, CancellationToken cancellationToken = default) =>
        PublishAsync(queue, [body], cancellationToken);

    public Task PublishAsync(HarvestQueueKind queue, IReadOnlyList<string> bodies, CancellationToken cancellationToken = default)
    {
        var now = Columns.Time(DateTimeOffset.UtcNow);
        foreach (var slice in bodies.Chunk(500))
        {
            var rows = slice.Select((_, i) => $"(@q, @b{i}, 0, @now)");
            store.Sql.Execute($"INSERT INTO harvest_queue (queue, body, attempts, available_at) VALUES {string.Join(", ", rows)}",
                [("@q", Name(queue)), ("@now", now), .. slice.Select((body, i) => ($"@b{i}", (object?)body))]);
        }
        return Task.CompletedTask;
    }

    public async Task<QueueItem?> ReceiveAsync(HarvestQueueKind queue, TimeSpan wait, CancellationToken cancellationToken = default) =>
        (await ReceiveBatchAsync(queue, 1, wait, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<QueueItem>> ReceiveBatchAsync(HarvestQueueKind queue, int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var items = TryClaim(queue, max);
            if (items.Count > 0 || DateTimeOffset.UtcNow >= deadline) return items;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public Task AckAsync(QueueItem item, CancellationToken cancellationToken = default) => AckAsync([item], cancellationToken);

    public Task AckAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken = default)
    {
        foreach (var slice in items.Chunk(500))
            store.Sql.Execute($"DELETE FROM harvest_queue WHERE id IN ({string.Join(", ", slice.Select((_, i) => $"@i{i}"))})",
                slice.Select((item, i) => ($"@i{i}", (object?)item.Handle)).ToArray());
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(QueueItem item, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        store.Sql.Execute("UPDATE harvest_queue SET claimed_until = NULL, available_at = @at WHERE id = @id",
            ("@at", Columns.Time(DateTimeOffset.UtcNow + delay)), ("@id", item.Handle));
        return Task.CompletedTask;
    }

    public Task<long> PurgeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult((long)store.Sql.Execute("DELETE FROM harvest_queue WHERE queue IN (@g, @f)",
            ("@g", Name(HarvestQueueKind.Gather)), ("@f", Name(HarvestQueueKind.Fetch))));

    public Task<long> CountAsync(HarvestQueueKind queue, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Sql.Scalar<long>("SELECT COUNT(*) FROM harvest_queue WHERE queue = @q", ("@q", Name(queue))));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private List<QueueItem> TryClaim(HarvestQueueKind queue, int max)
    {
        var now = DateTimeOffset.UtcNow;
        var claimed = store.Sql.Query($"""
            UPDATE harvest_queue SET claimed_until = @until, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM harvest_queue
                WHERE queue = @q AND available_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY id LIMIT @max {store.SkipLockedClause})
              AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING id, body, attempts
            """,
            r => new QueueItem(queue, r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)),
            ("@until", Columns.Time(now + visibilityTimeout)), ("@q", Name(queue)), ("@now", Columns.Time(now)), ("@max", max));
        return [.. claimed.OrderBy(item => (long)item.Handle)];
    }

    private string Name(HarvestQueueKind queue) => QueueNames.For(siteId, queue);
}
