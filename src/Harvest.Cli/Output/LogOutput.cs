using Harvest.Engine.Model;

namespace Harvest.Cli.Output;

/// <summary>The database log in --json and as text.</summary>
internal static class LogOutput
{
    public static object Entry(HarvestLogEntry e) => new { id = e.LogId, level = e.Level, content = e.Content, created = e.Created };

    public static object Clean(LogCleanResult r) => new { entriesRemoved = r.EntriesRemoved, cutoff = r.Cutoff };

    public static void Entries(TextWriter w, IReadOnlyList<HarvestLogEntry> entries)
    {
        if (entries.Count == 0) { w.WriteLine("no log entries"); return; }
        foreach (var e in entries)
            w.WriteLine($"{e.Created:yyyy-MM-dd HH:mm:ss}  {e.Level.ToUpperInvariant(),-7}  {e.Content}");
    }
}
