using Harvest.Engine.Model;

namespace Harvest.Engine.Harvesters;

/// <summary>The dataset an object should become; the engine adds the name, ids and timestamps.</summary>
public sealed record DatasetDraft
{
    public required string Title { get; init; }
    /// <summary>The name the remote catalog gives the dataset, kept when free; null to name it from the title.</summary>
    public string? Name { get; init; }
    public string? Notes { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    /// <summary>Display name of the owning organization; the engine finds or creates it.</summary>
    public string? OrganizationTitle { get; init; }
    /// <summary>Name of the owning organization, when the remote gives one; else the name is made from the title.</summary>
    public string? OrganizationName { get; init; }
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<DatasetResource> Resources { get; init; } = [];
}
