using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine.Queues;

/// <summary>Opens the queue the settings' <c>mq_type</c> names.</summary>
public static class QueueFactory
{
    public static IHarvestQueue Open(HarvestSettings settings, IHarvestStore store) => settings.MqType.ToLowerInvariant() switch
    {
        "database" => store is RelationalHarvestStore relational
            ? new DatabaseQueue(relational, settings.SiteId, TimeSpan.FromSeconds(settings.MqVisibilityTimeout))
            : throw new HarvestSettingsException("mq_type 'database' needs a SQLite or PostgreSQL store"),
        "redis" or "amqp" => throw new HarvestSettingsException(
            $"mq_type '{settings.MqType}' is not available in this build yet: use 'database' (the default), which needs no broker"),
        _ => throw new HarvestSettingsException($"mq_type must be 'database', 'redis' or 'amqp', not '{settings.MqType}'"),
    };
}
