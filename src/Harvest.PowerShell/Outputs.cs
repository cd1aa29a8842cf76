using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.PowerShell;

/// <summary>
/// What the cmdlets write, with the few things a user scans for that the engine's objects do not carry themselves (a job's source
/// name, a source's last job and dataset count) added as note properties. The engine's own properties, type names and ids stay,
/// so the objects bind by property name and format by their views as before. A source's Config is written with its secrets masked.
/// </summary>
internal static class Outputs
{
    public static PSObject Job(HarvestJob job, string? sourceName)
    {
        var output = PSObject.AsPSObject(job);
        output.Properties.Add(new PSNoteProperty("SourceName", sourceName));
        return output;
    }

    /// <summary>Jobs with their source names (looked up once for all of them).</summary>
    public static IEnumerable<PSObject> Jobs(HarvestEngine engine, IEnumerable<HarvestJob> jobs)
    {
        Dictionary<string, string>? names = null;
        foreach (var job in jobs)
        {
            names ??= engine.Sources.List(includeInactive: true).ToDictionary(s => s.SourceId, s => s.Name);
            yield return Job(job, names.GetValueOrDefault(job.SourceId));
        }
    }

    /// <summary>A source with its secrets masked in Config (as in RedactedConfig): Format-List *, ConvertTo-Json and Export-Csv show no api_key.</summary>
    public static HarvestSource Source(HarvestSource source) => source with { Config = source.RedactedConfig };

    /// <summary>A source with its last job and dataset count, for Get-HarvestSource's view.</summary>
    public static PSObject SourceWithSummary(HarvestEngine engine, HarvestSource source)
    {
        var output = PSObject.AsPSObject(Source(source));
        var last = engine.Jobs.List(source.SourceId, limit: 1).FirstOrDefault();
        output.Properties.Add(new PSNoteProperty("LastJobStatus", last?.Status));
        output.Properties.Add(new PSNoteProperty("LastJobTime", last is null ? null : last.Finished ?? last.LastAction ?? last.Created));
        output.Properties.Add(new PSNoteProperty("LastJobStats", last?.Stats));
        output.Properties.Add(new PSNoteProperty("DatasetCount", engine.CountDatasets(source.SourceId)));
        return output;
    }

    /// <summary>A dataset whose lists read as text in Export-Csv and ConvertTo-Csv (they stay lists for ConvertTo-Json and scripts).</summary>
    public static Dataset Dataset(Dataset dataset) => dataset with
    {
        Tags = new TextList<string>(dataset.Tags, t => t),
        Groups = new TextList<string>(dataset.Groups, g => g),
        Extras = new TextMap(dataset.Extras),
        Resources = new TextList<DatasetResource>(dataset.Resources, r => r.Url ?? r.Name ?? ""),
    };

    public static HarvestObject Object(HarvestObject harvestObject) => harvestObject with { Extras = new TextMap(harvestObject.Extras) };

    /// <summary>Counts by report status that ConvertTo-Json can write (as key and value pairs: its dictionaries need string keys).</summary>
    public static Engine.Jobs.ReimportResult Reimport(Engine.Jobs.ReimportResult result) => result with
    {
        ByStatus = new TextMap<ReportStatus, int>(result.ByStatus),
        Failures = new TextList<ReimportFailure>(result.Failures, f => $"{f.Guid}: {f.Message}"),
    };

    public static JobReport Report(JobReport report) => new()
    {
        Job = report.Job,
        Source = Source(report.Source),
        GatherErrors = new TextList<HarvestGatherError>(report.GatherErrors, e => e.Message),
        GatherWarnings = new TextList<GatherWarning>(report.GatherWarnings, w => w.Message),
        ObjectErrors = new TextList<ObjectErrorReport>(report.ObjectErrors, e => $"{e.Guid}: {string.Join("; ", e.Errors.Select(x => x.Message))}"),
        TopGatherMessages = new TextList<MessageCount>(report.TopGatherMessages, m => m.ToString()),
        TopObjectMessages = new TextList<MessageCount>(report.TopObjectMessages, m => m.ToString()),
        Timings = report.Timings,
        Warnings = new TextList<string>(report.Warnings, w => w),
    };
}

/// <summary>A read-only list whose text (what Export-Csv writes) is its items' text, joined; it enumerates, indexes and serialises as a list.</summary>
internal sealed class TextList<T>(IReadOnlyList<T> items, Func<T, string> text) : IReadOnlyList<T>
{
    public T this[int index] => items[index];
    public int Count => items.Count;
    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => string.Join("; ", items.Select(text));
}

/// <summary>A read-only map whose text is its pairs as key=value, joined.</summary>
internal sealed class TextMap(IReadOnlyDictionary<string, string> map) : TextMap<string, string>(map);

/// <summary>
/// A read-only map whose text is its pairs as key=value, joined. It is not an IDictionary, so ConvertTo-Json writes its pairs
/// (Key, Value) whatever the key type, where a Dictionary with enum keys makes it fail.
/// </summary>
internal class TextMap<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map) : IReadOnlyDictionary<TKey, TValue>
{
    public TValue this[TKey key] => map[key];
    public IEnumerable<TKey> Keys => map.Keys;
    public IEnumerable<TValue> Values => map.Values;
    public int Count => map.Count;
    public bool ContainsKey(TKey key) => map.ContainsKey(key);
    public bool TryGetValue(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) => map.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => map.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => string.Join("; ", map.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>Progress records: a new record for each write, so that hosts and Streams.Progress keep what each one said.</summary>
internal static class Progress
{
    public static ProgressRecord Stage(string activity, StageProgress p)
    {
        var stage = p.Stage.ToString().ToLowerInvariant();
        return new ProgressRecord(1, activity, p.Total is { } total ? $"{stage}: {p.Done} of {total}" : $"{stage}: {p.Done}")
        {
            PercentComplete = p.Total is > 0 ? (int)Math.Min(100, p.Done * 100L / p.Total.Value) : -1,
            CurrentOperation = stage,
        };
    }

    public static ProgressRecord Completed(int id, string activity) =>
        new(id, activity, "done") { RecordType = ProgressRecordType.Completed };
}
