namespace Harvest.Engine.Model;

/// <summary>A remote catalog to harvest, with the harvester type that reads it.</summary>
public sealed record HarvestSource
{
    public required string SourceId { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required string Type { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public HarvestFrequency Frequency { get; init; } = HarvestFrequency.Manual;
    public string? Organization { get; init; }
    /// <summary>The source's own JSON configuration, normalised by its harvester.</summary>
    public string Config { get; init; } = "{}";
    public bool Active { get; init; } = true;
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Modified { get; init; }
    /// <summary>When `run` next creates a job for this source by its frequency; null for Manual sources.</summary>
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>The config with secrets such as api_key masked, for showing to people and logs.</summary>
    public string RedactedConfig => Sources.ConfigSecrets.Redact(Config);

    /// <summary>Never includes the config, whose secrets (api_key) must not reach logs.</summary>
    public override string ToString() => $"{Name} ({Type}: {Url})";
}
