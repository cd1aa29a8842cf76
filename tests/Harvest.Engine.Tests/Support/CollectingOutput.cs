using Harvest.Engine.Logging;

namespace Harvest.Engine.Tests.Support;

/// <summary>The engine's output as "level: message" lines, for tests that read what it logged.</summary>
public sealed class CollectingOutput(List<string> lines) : IHarvestOutput
{
    public void Log(HarvestLogLevel level, string message)
    {
        lock (lines) lines.Add($"{level}: {message}");
    }
}
