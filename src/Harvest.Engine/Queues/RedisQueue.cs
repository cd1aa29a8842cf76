using System.Text.Json;
using Harvest.Engine.Settings;
using StackExchange.Redis;

namespace Harvest.Engine.Queues;

/// <summary>
/// A reliable queue on Redis: receiving moves an item from the queue list to a processing list and records
/// when it becomes visible again (a sorted set), in one script; ack removes it; an item not acked in time
/// goes back to the queue. Keys are prefixed with the site id, and purge deletes only those keys.
/// </summary>
internal sealed class RedisQueue : IHarvestQueue
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // KEYS: queue, processing, claims. ARGV: now (ms), visibility timeout (ms), most items to take.
    private const string ReceiveScript = """
        local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, 100)
        for _, held in ipairs(expired) do
          redis.call('ZREM', KEYS[3], held)
          if redis.call('LREM', KEYS[2], 1, held) > 0 then redis.call('RPUSH', KEYS[1], held) end
        end
        local claimed = {}
        for i = 1, tonumber(ARGV[3]) do
          local item = redis.call('RPOP', KEYS[1])
          if not item then break end
          local decoded = cjson.decode(item)
          decoded['attempts'] = decoded['attempts'] + 1
          local encoded = cjson.encode(decoded)
          redis.call('LPUSH', KEYS[2], encoded)
          redis.call('ZADD', KEYS[3], tonumber(ARGV[1]) + tonumber(ARGV[2]), encoded)
          claimed[i] = encoded
        end
        return claimed
        """;

    // KEYS: processing, claims, queue. ARGV: whether to put the items back, then the claimed items.
    private const string FinishScript = """
        local removed = 0
        for i = 2, #ARGV do
          redis.call('ZREM', KEYS[2], ARGV[i])
          local gone = redis.call('LREM', KEYS[1], 1, ARGV[i])
          if gone > 0 and ARGV[1] == '1' then redis.call('RPUSH', KEYS[3], ARGV[i]) end
          removed = removed + gone
        end
        return removed
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly TimeSpan _visibilityTimeout;

    private RedisQueue(ConnectionMultiplexer connection, int database, string siteId, TimeSpan visibilityTimeout)
    {
        _connection = connection;
        _database = connection.GetDatabase(database);
        _prefix = $"{siteId}:harvest:";
        _visibilityTimeout = visibilityTimeout;
    }

    public static RedisQueue Connect(HarvestSettings settings)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { settings.MqHostname, settings.MqPort ?? 6379 } },
            Password = settings.MqPassword,
            DefaultDatabase = settings.MqRedisDb,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            ClientName = "harvest",
        };
        var connection = ConnectionMultiplexer.Connect(options);
        if (!connection.IsConnected)
        {
            connection.Dispose();
            throw new HarvestException($"cannot connect to Redis at {settings.MqHostname}:{settings.MqPort ?? 6379} (settings mq_hostname, mq_port)");
        }
        return new RedisQueue(connection, settings.MqRedisDb, settings.SiteId, TimeSpan.FromSeconds(settings.MqVisibilityTimeout));
    }

    public Task PublishAsync(HarvestQueueKind queue, string body, CancellationToken cancellationToken = default) =>
        PublishAsync(queue, [body], cancellationToken);

    public async Task PublishAsync(HarvestQueueKind queue, IReadOnlyList<string> bodies, CancellationToken cancellationToken = default)
    {
        // LPUSH of several values pushes them in order, so the queue's RPOP end still gives the first one first.
        foreach (var slice in bodies.Chunk(1000))
            await _database.ListLeftPushAsync(Key(queue), [.. slice.Select(body => (RedisValue)Encode(new Envelope(Guid.NewGuid().ToString("N"), body, 0)))]);
    }

    public async Task<QueueItem?> ReceiveAsync(HarvestQueueKind queue, TimeSpan wait, CancellationToken cancellationToken = default) =>
        (await ReceiveBatchAsync(queue, 1, wait, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<QueueItem>> ReceiveBatchAsync(HarvestQueueKind queue, int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var claimed = (RedisResult[]?)await _database.ScriptEvaluateAsync(ReceiveScript,
                [Key(queue), Processing(queue), Claims(queue)],
                [DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), (long)_visibilityTimeout.TotalMilliseconds, max]) ?? [];
            if (claimed.Length > 0)
                return [.. claimed.Select(result => (string)result!).Select(text =>
                {
                    var envelope = JsonSerializer.Deserialize<Envelope>(text)!;
                    return new QueueItem(queue, envelope.Body, envelope.Attempts, text);
                })];
            if (DateTimeOffset.UtcNow >= deadline) return [];
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public Task AckAsync(QueueItem item, CancellationToken cancellationToken = default) => Finish([item], putBack: false);

    public Task AckAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken = default) =>
        items.Count == 0 ? Task.CompletedTask : Finish(items, putBack: false);

    public Task ReleaseAsync(QueueItem item, TimeSpan delay, CancellationToken cancellationToken = default) => Finish([item], putBack: true);

    public async Task<long> PurgeAsync(CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (var queue in new[] { HarvestQueueKind.Gather, HarvestQueueKind.Fetch })
        {
            removed += await _database.ListLengthAsync(Key(queue)) + await _database.ListLengthAsync(Processing(queue));
            await _database.KeyDeleteAsync([Key(queue), Processing(queue), Claims(queue)]);
        }
        return removed;
    }

    public async Task<long> CountAsync(HarvestQueueKind queue, CancellationToken cancellationToken = default) =>
        await _database.ListLengthAsync(Key(queue)) + await _database.ListLengthAsync(Processing(queue));

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private Task Finish(IReadOnlyList<QueueItem> items, bool putBack) =>
        _database.ScriptEvaluateAsync(FinishScript, [Processing(items[0].Queue), Claims(items[0].Queue), Key(items[0].Queue)],
            [putBack ? "1" : "0", .. items.Select(item => (RedisValue)(string)item.Handle)]);

    private RedisKey Key(HarvestQueueKind queue) => _prefix + Name(queue);
    private RedisKey Processing(HarvestQueueKind queue) => _prefix + Name(queue) + ":processing";
    private RedisKey Claims(HarvestQueueKind queue) => _prefix + Name(queue) + ":claims";
    private static string Name(HarvestQueueKind queue) => queue == HarvestQueueKind.Gather ? "gather" : "fetch";

    private static string Encode(Envelope envelope) => JsonSerializer.Serialize(envelope);

    /// <summary>An item as stored: a unique id (so that equal bodies stay distinct in the processing list), the body and its attempts.</summary>
    private sealed record Envelope(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("body")] string Body,
        [property: System.Text.Json.Serialization.JsonPropertyName("attempts")] int Attempts);
}
