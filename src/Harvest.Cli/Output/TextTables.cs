using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.Cli.Output;

/// <summary>Readable renderings of results for people at a terminal.</summary>
internal static class TextTables
{
    public static void Sources(TextWriter w, IReadOnlyList<HarvestSource> sources)
    {
        if (sources.Count == 0) { w.WriteLine("no harvest sources"); return; }
        Table(w, ["NAME", "TYPE", "ACTIVE", "FREQUENCY", "URL", "ID"],
            sources.Select(s => new[] { s.Name, s.Type, s.Active ? "yes" : "no", s.Frequency.ToString(), s.Url, s.SourceId }));
    }

    public static void Source(TextWriter w, HarvestSource s)
    {
        w.WriteLine($"id:           {s.SourceId}");
        w.WriteLine($"name:         {s.Name}");
        w.WriteLine($"title:        {s.Title}");
        w.WriteLine($"url:          {s.Url}");
        w.WriteLine($"type:         {s.Type}");
        w.WriteLine($"active:       {(s.Active ? "yes" : "no")}");
        w.WriteLine($"frequency:    {s.Frequency}");
        if (s.Organization is not null) w.WriteLine($"organization: {s.Organization}");
        if (s.Description is not null) w.WriteLine($"description:  {s.Description}");
        w.WriteLine($"config:       {Harvest.Engine.Sources.ConfigSecrets.Redact(s.Config)}");
    }

    public static void Jobs(TextWriter w, IReadOnlyList<HarvestJob> jobs)
    {
        if (jobs.Count == 0) { w.WriteLine("no harvest jobs"); return; }
        Table(w, ["ID", "STATUS", "CREATED", "ADDED", "UPDATED", "NOT MODIFIED", "DELETED", "ERRORED", "PROGRESS"],
            jobs.Select(j => new[]
            {
                j.JobId, j.Status.ToString(), j.Created.ToString("u"), j.Stats.Added.ToString(), j.Stats.Updated.ToString(),
                j.Stats.NotModified.ToString(), j.Stats.Deleted.ToString(), j.Stats.Errored.ToString(), j.Progress?.Summary ?? "",
            }));
    }

    public static void Job(TextWriter w, HarvestJob j) =>
        w.WriteLine($"job {j.JobId} for source {j.SourceId}: {j.Status}; {j.Stats}");

    public static void Report(TextWriter w, JobReport r)
    {
        w.WriteLine($"job {r.Job.JobId} of source '{r.Source.Name}' ({r.Source.Type}: {r.Source.Url})");
        w.WriteLine($"status: {r.Job.Status}");
        w.WriteLine($"{r.Job.Stats}");
        w.WriteLine($"events: {r.Events}");
        if (r.GatherErrors.Count > 0)
        {
            w.WriteLine("gather errors:");
            foreach (var e in r.GatherErrors) w.WriteLine($"  {e.Message}");
        }
        if (r.GatherWarnings.Count > 0)
        {
            w.WriteLine("gather warnings:");
            foreach (var warning in r.GatherWarnings) w.WriteLine($"  {warning.Message}");
        }
        if (r.ObjectErrors.Count > 0)
        {
            w.WriteLine($"object errors ({r.ObjectErrors.Count}):");
            foreach (var o in r.ObjectErrors)
                foreach (var e in o.Errors)
                    w.WriteLine($"  [{e.Stage.ToString().ToLowerInvariant()}] {(o.Guid.Length == 0 ? "(no guid)" : o.Guid)}: {e.Message}");
        }
        ReportOutput.Text(w, r);
    }

    public static void Datasets(TextWriter w, IReadOnlyList<Dataset> datasets)
    {
        if (datasets.Count == 0) { w.WriteLine("no datasets"); return; }
        Table(w, ["NAME", "STATE", "TITLE"], datasets.Select(d => new[] { d.Name, d.State.ToString(), Shorten(d.Title, 70) }));
    }

    public static void Reimport(TextWriter w, ReimportResult r)
    {
        w.WriteLine($"re-imported {r.Objects} objects: " + string.Join(", ", r.ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        foreach (var failure in r.Failures) w.WriteLine($"  failed {failure.Guid}: {failure.Message}");
    }

    internal static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    internal static void Table(TextWriter w, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        w.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in all)
            w.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }
}
