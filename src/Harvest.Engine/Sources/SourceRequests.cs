using Harvest.Engine.Model;

namespace Harvest.Engine.Sources;

public sealed record NewSourceRequest
{
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required string Type { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public HarvestFrequency Frequency { get; init; } = HarvestFrequency.Manual;
    public string? Organization { get; init; }
    /// <summary>The source's own JSON config; validated by its harvester.</summary>
    public string? Config { get; init; }
}

/// <summary>Changes to a source; null leaves a value as it is.</summary>
public sealed record SourceUpdateRequest
{
    public string? Name { get; init; }
    public string? Url { get; init; }
    public string? Type { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public HarvestFrequency? Frequency { get; init; }
    public string? Organization { get; init; }
    public string? Config { get; init; }
    public bool? Active { get; init; }
}
