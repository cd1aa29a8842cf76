namespace Harvest.Engine.Model;

/// <summary>When a job's objects went through the stages: first and last times, and how many objects are in each state.</summary>
public sealed record JobObjectTimes
{
    public DateTimeOffset? FirstGathered { get; init; }
    public DateTimeOffset? LastGathered { get; init; }
    public DateTimeOffset? FirstFetched { get; init; }
    public DateTimeOffset? LastFetched { get; init; }
    public DateTimeOffset? FirstImported { get; init; }
    public DateTimeOffset? LastImported { get; init; }
    public IReadOnlyDictionary<ObjectState, int> ByState { get; init; } = new Dictionary<ObjectState, int>();
}

/// <summary>
/// An error cause and how many times it was recorded. In a job report, messages that differ only in what they name
/// (record numbers, lines, quoted identifiers, URLs) count as one cause, shown with those parts as '…' and a few
/// <see cref="Examples"/> of the objects' guids.
/// </summary>
public sealed record MessageCount(string Message, int Count)
{
    /// <summary>Guids of some objects with this error (at most a few).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    public override string ToString() => $"{Count} × {Message}{(Examples.Count == 0 ? "" : $" (e.g. {string.Join(", ", Examples)})")}";
}
