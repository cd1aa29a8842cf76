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

    /// <summary>The source the dataset was harvested from (ckanext-harvest's harvest_source_id): the same as <see cref="SourceId"/>.</summary>
    public string? HarvestSourceId => SourceId;
    /// <summary>The source's title, when the dataset was read with where it came from.</summary>
    public string? HarvestSourceTitle { get; init; }
    /// <summary>The source's URL, when the dataset was read with where it came from.</summary>
    public string? HarvestSourceUrl { get; init; }
    /// <summary>The harvest object the dataset was last built from (its guid's current object).</summary>
    public string? HarvestObjectId { get; init; }

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
    /// <summary>The group's image, as the remote catalog it was copied from shows it.</summary>
    public string? ImageUrl { get; init; }
    public bool IsOrganization { get; init; }
    public DateTimeOffset Created { get; init; }

    public override string ToString() => Name;
}
