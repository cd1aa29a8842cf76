using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine.Queues;

/// <summary>Opens the queue the settings' <c>mq_type</c> names.</summary>
internal static class QueueFactory
{
    public static async Task<IHarvestQueue> OpenAsync(HarvestSettings settings, IHarvestStore store, CancellationToken cancellationToken = default) =>
        settings.MqType.ToLowerInvariant() switch
        {
            "database" => store is RelationalHarvestStore relational
                ? new DatabaseQueue(relational, settings.SiteId, TimeSpan.FromSeconds(settings.MqVisibilityTimeout))
                : throw new HarvestSettingsException("mq_type 'database' needs a SQLite or PostgreSQL store"),
            "redis" => RedisQueue.Connect(settings),
            "amqp" => await AmqpQueue.ConnectAsync(settings, cancellationToken),
            _ => throw new HarvestSettingsException($"mq_type must be 'database', 'redis' or 'amqp', not '{settings.MqType}'"),
        };
}
