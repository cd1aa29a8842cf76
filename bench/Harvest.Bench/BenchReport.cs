using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Harvest.Engine.Model;

namespace Harvest.Bench;

public sealed record FloorRecord(int Size, string Store, string Part, double Seconds, int Rows, long Bytes);

public sealed class ScenarioRecord
{
    public string Store { get; set; } = "";
    public int Size { get; set; }
    public string Scenario { get; set; } = "";
    public double Seconds { get; set; }
    /// <summary>The job's gather_started to gather_finished.</summary>
    public double? GatherSeconds { get; set; }
    /// <summary>The job's gather_finished to finished: fetch and import of what gather did not overlap.</summary>
    public double? RestSeconds { get; set; }
    public double DatasetsPerSecond { get; set; }
    public Dictionary<string, double> PeakRssMb { get; set; } = [];
    public long ObjectsInserted { get; set; }
    /// <summary>Harvest objects inserted plus datasets inserted, updated or marked deleted.</summary>
    public long RowsWritten { get; set; }
    public JobStats? Stats { get; set; }
    public string? JobStatus { get; set; }
    public double FloorSeconds { get; set; }
    public double Ratio { get; set; }
    public string? Note { get; set; }
    public string? Failed { get; set; }
    /// <summary>The store's bytes after the scenario: the SQLite file and its WAL, or pg_database_size.</summary>
    public long? StoreBytes { get; set; }
    /// <summary>PostgreSQL: each table's bytes with its indexes and TOAST after the scenario (pg_total_relation_size).</summary>
    public Dictionary<string, long>? TableBytes { get; set; }
}

public sealed class BenchReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public DateTimeOffset Started { get; set; }
    public DateTimeOffset? Finished { get; set; }
    public Dictionary<string, string> Machine { get; set; } = [];
    public BenchOptions? Options { get; set; }
    public List<FloorRecord> Floors { get; set; } = [];
    public List<ScenarioRecord> Scenarios { get; set; } = [];
    /// <summary>What went wrong around the measurements (a database left behind, a run that stopped early).</summary>
    public List<string> Notes { get; set; } = [];

    public void Note(string note)
    {
        Notes.Add(note);
        Console.WriteLine($"note: {note}");
    }

    /// <summary>The results as a Markdown table (also what bench/README.md quotes).</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| store | N | scenario | wall s | gather s | rest s | datasets/s | floor s | x floor | peak RSS MB (per process) | rows written | store MB | added / updated / unchanged / deleted / errored |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (var s in Scenarios)
        {
            if (s.Failed is not null && s.Stats is null)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {s.Store} | {s.Size} | {s.Scenario} | FAILED: {s.Failed} | | | | | | | | | |");
                continue;
            }
            var rss = string.Join(", ", s.PeakRssMb.Select(p => $"{p.Key} {p.Value:0}"));
            var stats = s.Stats is { } st ? $"{st.Added} / {st.Updated} / {st.NotModified} / {st.Deleted} / {st.Errored}" : "";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Store} | {s.Size} | {s.Scenario} | {s.Seconds:0.0} | {s.GatherSeconds:0.0} | {s.RestSeconds:0.0} | {s.DatasetsPerSecond:0} | {s.FloorSeconds:0.0} | {s.Ratio:0.0} | {rss} | {s.RowsWritten} | {Mb(s.StoreBytes)} | " +
                $"{stats}{(s.Failed is null ? "" : " FAILED")} |");
        }
        sb.AppendLine();
        sb.AppendLine("Store size by table after each scenario (PostgreSQL, MB with indexes and TOAST; the largest five):");
        foreach (var s in Scenarios.Where(s => s.TableBytes is not null))
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"- {s.Store} N={s.Size} {s.Scenario}: {string.Join(", ", s.TableBytes!.Take(5).Select(t => $"{t.Key} {Mb(t.Value)}"))}");
        var module = Scenarios.Where(s => s.Scenario.StartsWith("module", StringComparison.Ordinal) && s.Note is not null).ToList();
        if (module.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("The module (pwsh, SQLite):");
            foreach (var s in module) sb.AppendLine(CultureInfo.InvariantCulture, $"- N={s.Size} {s.Scenario}: {s.Note}");
        }
        if (Notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var note in Notes) sb.AppendLine(CultureInfo.InvariantCulture, $"Note: {note}");
        }
        sb.AppendLine();
        sb.AppendLine("Floors (download = every package_search page fetched and parsed; load = 2N rows bulk-loaded):");
        foreach (var f in Floors)
            sb.AppendLine(CultureInfo.InvariantCulture, $"- N={f.Size} {f.Part}{(f.Store == "any" ? "" : " into " + f.Store)}: {f.Seconds:0.00} s ({f.Rows} {(f.Part == "download" ? "datasets" : "rows")})");
        return sb.ToString();
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "";
}
