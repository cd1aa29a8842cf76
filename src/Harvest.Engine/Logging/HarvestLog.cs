using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine.Logging;

/// <summary>
/// The engine's log: every line goes to the host's output, and to the store's harvest_log table when the
/// log_scope setting (ckanext-harvest's numbers, see <see cref="LogScopes"/>) takes in this log's category
/// and the level is at or above the log_level setting. <see cref="For"/> gives the same log under another category.
/// </summary>
public sealed class HarvestLog
{
    private readonly IHarvestStore _store;
    private readonly HarvestSettings _settings;
    private readonly IHarvestOutput _output;
    private readonly HarvestLogLevel _storedLevel;

    public HarvestLog(IHarvestStore store, HarvestSettings settings, IHarvestOutput output, LogCategory category = LogCategory.Action)
    {
        _store = store;
        _settings = settings;
        _output = output;
        Category = category;
        _storedLevel = LogScopes.TryParseLevel(settings.LogLevel, out var level) ? level : HarvestLogLevel.Debug;
    }

    public LogCategory Category { get; }

    /// <summary>This log, writing lines of another category (the stages log as harvesters, for example).</summary>
    public HarvestLog For(LogCategory category) =>
        category == Category ? this : new HarvestLog(_store, _settings, _output, category);

    public void Write(HarvestLogLevel level, string message)
    {
        _output.Log(level, message);
        if (level >= _storedLevel && LogScopes.Includes(_settings.LogScope, Category))
        {
            try
            {
                _store.InsertLog(level.ToString().ToLowerInvariant(), message, DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // The database log is a convenience: losing a line never stops the work it describes.
                _output.Log(HarvestLogLevel.Warning, $"could not write the database log: {e.Message}");
            }
        }
    }

    public void Info(string message) => Write(HarvestLogLevel.Info, message);
    public void Debug(string message) => Write(HarvestLogLevel.Debug, message);
    public void Warning(string message) => Write(HarvestLogLevel.Warning, message);
    public void Error(string message) => Write(HarvestLogLevel.Error, message);
}
