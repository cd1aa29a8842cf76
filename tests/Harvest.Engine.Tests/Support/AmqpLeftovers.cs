using System.Collections.Concurrent;
using Harvest.Engine.Queues;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// The site ids the tests put on the test RabbitMQ server; disposed (after the broker collection) by deleting each site's
/// queues and exchanges. Best effort: a test whose broker is gone must not fail here.
/// </summary>
public sealed class AmqpLeftovers : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, bool> Sites = new();

    /// <summary>Records a site id whose queues a test may declare on the server of HARVEST_TEST_AMQP.</summary>
    public static void Add(string siteId) => Sites.TryAdd(siteId, true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Brokers.AmqpUnavailable is not null || Sites.IsEmpty) return;
        var settings = Brokers.AmqpServer(new Settings.HarvestSettings());
        var factory = new ConnectionFactory
        {
            HostName = settings.MqHostname, Port = settings.MqPort ?? 5672, UserName = settings.MqUserId ?? "guest",
            Password = settings.MqPassword ?? "guest", VirtualHost = settings.MqVirtualHost,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            foreach (var site in Sites.Keys)
            {
                var exchange = $"ckan.harvest.{site}";
                foreach (var queue in new[] { QueueNames.For(site, HarvestQueueKind.Gather), QueueNames.For(site, HarvestQueueKind.Fetch), exchange + ".dead" })
                    await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
                await channel.ExchangeDeleteAsync(exchange);
                await channel.ExchangeDeleteAsync(exchange + ".dead");
            }
            Sites.Clear();
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or OperationCanceledException or TimeoutException)
        {
            // Left on the server: .ci/services empties the test broker's data before each start.
        }
    }
}
