using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine.Logging;

/// <summary>The database log: listing entries (ckanext-harvest's harvest_log_list) and removing old ones (clean-harvest-log).</summary>
public sealed class HarvestLogs(IHarvestStore store, HarvestSettings settings)
{
    /// <summary>Entries newest first; only those of <paramref name="level"/> when it is given.</summary>
    public IReadOnlyList<HarvestLogEntry> List(string? level = null, int limit = 100, int offset = 0)
    {
        string? stored = null;
        if (level is not null)
        {
            if (!LogScopes.TryParseLevel(level, out var parsed))
                throw new HarvestException($"log level must be debug, info, warning or error, not '{level}'");
            stored = parsed.ToString().ToLowerInvariant();
        }
        if (limit < 0) throw new HarvestException($"the limit must be 0 or more, not {limit}");
        if (offset < 0) throw new HarvestException($"the offset must be 0 or more, not {offset}");
        return store.ListLog(stored, limit, offset);
    }

    /// <summary>Removes the entries older than the log_timeframe setting (days).</summary>
    public LogCleanResult Clean(DateTimeOffset? now = null)
    {
        if (settings.LogTimeframe < 0)
            throw new HarvestSettingsException($"setting 'log_timeframe' must be 0 or more days, not {settings.LogTimeframe}");
        var cutoff = (now ?? DateTimeOffset.UtcNow).AddDays(-settings.LogTimeframe);
        return new LogCleanResult(store.DeleteLogBefore(cutoff), cutoff);
    }
}
