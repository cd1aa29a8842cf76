namespace Harvest.Engine.Model;

/// <summary>A record of the local catalog, shaped like a CKAN package.</summary>
public sealed record Dataset
{
    public required string DatasetId { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public string? Notes { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    /// <summary>Name of the owning organization in the local catalog.</summary>
    public string? Organization { get; init; }
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<DatasetResource> Resources { get; init; } = [];
    public DatasetState State { get; init; } = DatasetState.Active;
    public string? SourceId { get; init; }
    public string? Guid { get; init; }
    public DateTimeOffset MetadataCreated { get; init; }
    public DateTimeOffset MetadataModified { get; init; }

    public override string ToString() => $"{Name} ({State})";
}

public sealed record DatasetResource
{
    public string? Url { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Format { get; init; }
    public string? MediaType { get; init; }
}

/// <summary>An organization or a group of the local catalog.</summary>
public sealed class CatalogGroup
{
    public required string GroupId { get; init; }
    public required string Name { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public bool IsOrganization { get; init; }
    public DateTimeOffset Created { get; init; }

    public override string ToString() => Name;
}
