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

/// <summary>A message and how many times it was recorded.</summary>
public sealed record MessageCount(string Message, int Count)
{
    public override string ToString() => $"{Count} × {Message}";
}
