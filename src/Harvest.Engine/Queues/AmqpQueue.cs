using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Harvest.Engine.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Harvest.Engine.Queues;

/// <summary>
/// The queues on RabbitMQ: a durable exchange and durable quorum queues per site, persistent messages,
/// manual acknowledgement with a prefetch of one batch per consumer. A message a consumer held when it died is
/// delivered again, with its delivery count, so that attempts stay bounded; past a hard delivery limit the
/// broker dead-letters it. The connection recovers by itself after a broker restart.
/// </summary>
internal sealed class AmqpQueue : IHarvestQueue
{
    /// <summary>The broker's own last resort; Harvest gives up on an object long before (mq_max_attempts).</summary>
    private const int DeliveryLimit = 20;

    /// <summary>How long a batch waits for the next delivery once one came, and for all of them together.</summary>
    private static readonly TimeSpan BatchGap = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    // Generous: a real broker on a busy machine (a fresh pwsh still JIT-compiling, tests in parallel) took over 20 s.
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BatchLinger = TimeSpan.FromSeconds(1);
    // After a broker restart the client can leave a publish confirm (rabbitmq-dotnet-client#1930) or the disposal of a
    // connection still recovering (#1825) waiting for ever: a consumer must still stop, or fail and reconnect.
    private static readonly TimeSpan ConfirmDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DisposeDeadline = TimeSpan.FromSeconds(10);

    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly string _siteId;
    private readonly Dictionary<HarvestQueueKind, Consumer> _consumers = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    private AmqpQueue(IConnection connection, IChannel publisher, string siteId)
    {
        _connection = connection;
        _publisher = publisher;
        _siteId = siteId;
    }

    public static async Task<AmqpQueue> ConnectAsync(HarvestSettings settings, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.MqHostname,
            Port = settings.MqPort ?? 5672,
            UserName = settings.MqUserId ?? "guest",
            Password = settings.MqPassword ?? "guest",
            VirtualHost = settings.MqVirtualHost,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = "harvest",
            // Something that accepts the connection but does not speak AMQP (a Redis port, a web server) must fail soon, as
            // unreachable PostgreSQL and Redis do, not wait for a handshake that never comes.
            RequestedConnectionTimeout = ConnectTimeout,
            HandshakeContinuationTimeout = ConnectTimeout,
            ContinuationTimeout = ConnectTimeout,
        };
        var connection = await ConnectWithinAsync(factory, cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var queue = new AmqpQueue(connection, publisher, settings.SiteId);
        await queue.DeclareAsync(publisher, cancellationToken);
        return queue;
    }

    private static async Task<IConnection> ConnectWithinAsync(ConnectionFactory factory, CancellationToken cancellationToken)
    {
        var where = $"cannot connect to RabbitMQ at {factory.HostName}:{factory.Port}{factory.VirtualHost} (settings mq_hostname, mq_port, mq_virtual_host)";
        // The client's own timeouts do not cover a peer that accepts the socket and never answers the protocol header, so the
        // whole attempt gets a deadline of its own; an attempt that still succeeds after it is closed, not leaked.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ConnectDeadline);
        var attempt = factory.CreateConnectionAsync(deadline.Token);
        try
        {
            return await attempt.WaitAsync(deadline.Token);
        }
        catch (BrokerUnreachableException e)
        {
            throw new HarvestException($"{where}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ = attempt.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
            throw new HarvestException($"{where}: no AMQP handshake within {ConnectDeadline.TotalSeconds:0} s (is that port a RabbitMQ broker?)");
        }
    }

    public Task PublishAsync(HarvestQueueKind queue, string body, CancellationToken cancellationToken = default) =>
        PublishAsync(queue, [body], cancellationToken);

    public async Task PublishAsync(HarvestQueueKind queue, IReadOnlyList<string> bodies, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Publishes of a slice go out back to back and their confirms are awaited together.
            foreach (var slice in bodies.Chunk(500))
            {
                var confirms = slice.Select(body => _publisher.BasicPublishAsync(Exchange, RoutingKey(queue), mandatory: false,
                    new BasicProperties { Persistent = true, MessageId = Guid.NewGuid().ToString("N"), ContentType = "text/plain" },
                    Encoding.UTF8.GetBytes(body), cancellationToken).AsTask()).ToList();
                try
                {
                    await Task.WhenAll(confirms).WaitAsync(ConfirmDeadline, cancellationToken);
                }
                catch (TimeoutException)
                {
                    throw new HarvestException($"RabbitMQ did not confirm {slice.Length} published messages within {ConfirmDeadline.TotalSeconds:0} s (is the broker blocked by a memory or disk alarm?)");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<QueueItem?> ReceiveAsync(HarvestQueueKind queue, TimeSpan wait, CancellationToken cancellationToken = default) =>
        (await ReceiveBatchAsync(queue, 1, wait, cancellationToken)).FirstOrDefault();

    /// <summary>
    /// The first call for a queue sets the consumer's prefetch to <paramref name="max"/>: the broker sends no more than that unacked.
    /// Once the first item came, the batch takes further deliveries while they keep arriving (up to <paramref name="max"/>).
    /// </summary>
    public async Task<IReadOnlyList<QueueItem>> ReceiveBatchAsync(HarvestQueueKind queue, int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var consumer = await ConsumerFor(queue, max, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        var items = new List<QueueItem>();
        try
        {
            var first = await consumer.Deliveries.Reader.ReadAsync(timeout.Token);
            items.Add(new QueueItem(queue, first.Body, first.Attempts, first));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return items;
        }
        // The broker pushes the rest of the batch one delivery after another: taking only what has arrived when the
        // first one does gives a batch of one or a few while hundreds wait. Keep taking while deliveries keep coming
        // (each within a short gap), up to max; a queue that runs dry costs one gap, never more than the linger.
        var linger = Stopwatch.StartNew();
        while (items.Count < max)
        {
            if (!consumer.Deliveries.Reader.TryRead(out var delivery))
            {
                var left = BatchLinger - linger.Elapsed;
                if (left <= TimeSpan.Zero) break;
                using var gap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                gap.CancelAfter(left < BatchGap ? left : BatchGap);
                try
                {
                    if (!await consumer.Deliveries.Reader.WaitToReadAsync(gap.Token)) break;
                }
                catch (OperationCanceledException)
                {
                    // The gap passed, or the caller stopped: the items taken are the caller's either way.
                    break;
                }
                continue;
            }
            items.Add(new QueueItem(queue, delivery.Body, delivery.Attempts, delivery));
        }
        return items;
    }

    public Task AckAsync(QueueItem item, CancellationToken cancellationToken = default) =>
        Settle(item, channel => channel.BasicAckAsync(((Delivery)item.Handle).Tag, multiple: false, cancellationToken));

    public async Task AckAsync(IReadOnlyList<QueueItem> items, CancellationToken cancellationToken = default)
    {
        foreach (var item in items) await AckAsync(item, cancellationToken);
    }

    public Task ReleaseAsync(QueueItem item, TimeSpan delay, CancellationToken cancellationToken = default) =>
        Settle(item, channel => channel.BasicNackAsync(((Delivery)item.Handle).Tag, multiple: false, requeue: true, cancellationToken));

    public async Task<long> PurgeAsync(CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (var queue in new[] { HarvestQueueKind.Gather, HarvestQueueKind.Fetch })
            removed += await _publisher.QueuePurgeAsync(QueueNames.For(_siteId, queue), cancellationToken);
        return removed;
    }

    public async Task<long> CountAsync(HarvestQueueKind queue, CancellationToken cancellationToken = default) =>
        await _publisher.MessageCountAsync(QueueNames.For(_siteId, queue), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers.Values) await WithinDeadline(consumer.Channel.DisposeAsync());
        await WithinDeadline(_publisher.DisposeAsync());
        await WithinDeadline(_connection.DisposeAsync());
        _gate.Dispose();
    }

    private static async Task WithinDeadline(ValueTask dispose)
    {
        try
        {
            await dispose.AsTask().WaitAsync(DisposeDeadline);
        }
        catch (TimeoutException)
        {
            // Left to the client: the socket ends with the process, and the broker requeues whatever was unacked.
        }
    }

    private string Exchange => $"{CompatibleNames.Prefix}.{_siteId}";

    private static string RoutingKey(HarvestQueueKind queue) => queue == HarvestQueueKind.Gather ? "gather" : "fetch";

    private async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchange + ".dead", ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Exchange + ".dead", durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(Exchange + ".dead", Exchange + ".dead", "", cancellationToken: cancellationToken);
        foreach (var queue in new[] { HarvestQueueKind.Gather, HarvestQueueKind.Fetch })
        {
            var name = QueueNames.For(_siteId, queue);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = DeliveryLimit,
                ["x-dead-letter-exchange"] = Exchange + ".dead",
            }, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(name, Exchange, RoutingKey(queue), cancellationToken: cancellationToken);
        }
    }

    private async Task<Consumer> ConsumerFor(HarvestQueueKind queue, int prefetch, CancellationToken cancellationToken)
    {
        if (_consumers.TryGetValue(queue, out var existing)) return existing;
        var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, prefetchCount: (ushort)Math.Clamp(prefetch, 1, ushort.MaxValue), global: false, cancellationToken);
        var consumer = new Consumer(channel);
        var events = new AsyncEventingBasicConsumer(channel);
        events.ReceivedAsync += (_, delivery) =>
        {
            // The body is only valid inside this handler: copy it.
            var count = delivery.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var value) == true ? Convert.ToInt32(value) : 0;
            consumer.Deliveries.Writer.TryWrite(new Delivery(channel, delivery.DeliveryTag, Encoding.UTF8.GetString(delivery.Body.Span), count + 1));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(QueueNames.For(_siteId, queue), autoAck: false, events, cancellationToken);
        _consumers[queue] = consumer;
        return consumer;
    }

    private static async Task Settle(QueueItem item, Func<IChannel, ValueTask> settle)
    {
        var delivery = (Delivery)item.Handle;
        try
        {
            await settle(delivery.Channel);
        }
        catch (AlreadyClosedException)
        {
            // The channel closed (broker restart) after this delivery: the broker delivers the message again,
            // and handling it twice is harmless (ended objects are skipped).
        }
    }

    private sealed class Consumer(IChannel channel)
    {
        public IChannel Channel { get; } = channel;
        public Channel<Delivery> Deliveries { get; } = System.Threading.Channels.Channel.CreateUnbounded<Delivery>();
    }

    private sealed record Delivery(IChannel Channel, ulong Tag, string Body, int Attempts);
}
