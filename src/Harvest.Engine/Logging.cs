using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine;

public enum HarvestLogLevel { Debug, Info, Warning, Error }

/// <summary>How the engine tells its host what it is doing; the CLI and the cmdlets each supply one.</summary>
public interface IHarvestOutput
{
    void Log(HarvestLogLevel level, string message);
}

/// <summary>Writes nothing.</summary>
public sealed class SilentOutput : IHarvestOutput
{
    public static readonly SilentOutput Instance = new();
    public void Log(HarvestLogLevel level, string message) { }
}

/// <summary>
/// The engine's log: every line goes to the host's output, and to the store's harvest_log table
/// when the log scope setting is 0 or more and the level is at or above the log level setting.
/// </summary>
public sealed class HarvestLog(IHarvestStore store, HarvestSettings settings, IHarvestOutput output)
{
    private readonly HarvestLogLevel _storedLevel =
        Enum.TryParse<HarvestLogLevel>(settings.LogLevel, ignoreCase: true, out var level) ? level : HarvestLogLevel.Debug;

    public void Write(HarvestLogLevel level, string message)
    {
        output.Log(level, message);
        if (settings.LogScope >= 0 && level >= _storedLevel)
            store.InsertLog(level.ToString().ToLowerInvariant(), message, DateTimeOffset.UtcNow);
    }

    public void Info(string message) => Write(HarvestLogLevel.Info, message);
    public void Debug(string message) => Write(HarvestLogLevel.Debug, message);
    public void Warning(string message) => Write(HarvestLogLevel.Warning, message);
    public void Error(string message) => Write(HarvestLogLevel.Error, message);
}

/// <summary>Progress of one stage of one job; <see cref="Total"/> is null while unknown.</summary>
public sealed record StageProgress(string JobId, Model.HarvestStage Stage, int Done, int? Total);
