namespace Harvest.Engine.Logging;

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
