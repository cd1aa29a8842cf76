namespace Harvest.Engine.Preview;

/// <summary>What a harvest would do with one record.</summary>
public enum PreviewAction { Create, Update, Unchanged, Delete, Filtered, Excluded, Invalid, Skipped }

/// <summary>One line of a preview: a record (or a dataset no longer listed) and what a harvest would do with it.</summary>
public sealed class PreviewRecord
{
    public required string Guid { get; init; }
    public string? Title { get; init; }
    public required PreviewAction Action { get; init; }
    public string? Reason { get; init; }
    /// <summary>The existing local dataset, for update, unchanged and delete.</summary>
    public string? DatasetId { get; init; }

    public override string ToString() => $"{Action} {Guid}";
}

/// <summary>The outcome of a preview: what a harvest of the source would do, with nothing written.</summary>
public sealed class PreviewReport
{
    public string? SourceId { get; init; }
    public required string Url { get; init; }
    public required string Type { get; init; }
    public IReadOnlyList<string> GatherErrors { get; init; } = [];
    public IReadOnlyList<PreviewRecord> Records { get; init; } = [];

    public IReadOnlyDictionary<PreviewAction, int> Counts =>
        Enum.GetValues<PreviewAction>().ToDictionary(a => a, a => Records.Count(r => r.Action == a));
}
