using System.Diagnostics;

namespace Harvest.Engine.Jobs;

/// <summary>Who runs a job in-process: this host and process, and whether a recorded owner on this host is still alive.</summary>
internal static class JobOwner
{
    public static string Current { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>True when the owner ran on this host in a process that no longer exists (or is another program by now).</summary>
    public static bool DiedOnThisHost(string? owner)
    {
        var slash = owner?.LastIndexOf('/') ?? -1;
        if (owner is null || slash < 0) return false;
        if (!string.Equals(owner[..slash], Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        if (!int.TryParse(owner[(slash + 1)..], out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no process has that id now
        }
    }
}
