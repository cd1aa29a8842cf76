using System.Text.Json.Nodes;
using Harvest.Engine.Model;

namespace Harvest.Engine.Harvesters;

/// <summary>
/// A harvester plug-in: reads one kind of remote catalog. The engine drives the stages, stores what
/// each returns and does all writing to the local catalog; a harvester only reads and maps.
/// An exception thrown for one object becomes an error on that object.
/// </summary>
public interface IHarvester
{
    HarvesterInfo Info { get; }

    /// <summary>Checks a source config; returns it normalised, or one message per bad key.</summary>
    ConfigValidation ValidateConfig(JsonObject config);

    /// <summary>
    /// Lists the remote records, one per guid, streaming. Records may carry their content (gathered with
    /// the listing) or leave it for <see cref="FetchAsync"/>. Throwing ends the gather with a gather error.
    /// </summary>
    IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, CancellationToken cancellationToken);

    /// <summary>Returns the content of one object (its gathered content, checked, or fetched now).</summary>
    Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken);

    /// <summary>Maps an object's content to the dataset it should become in the local catalog.</summary>
    DatasetDraft Import(HarvestContext context, HarvestObject harvestObject);

    /// <summary>Where a person can see the remote record, for error reports; null when unknown.</summary>
    string? OriginalUrl(HarvestSource source, HarvestObject harvestObject);
}

public sealed record HarvesterInfo(string Name, string Title, string Description, IReadOnlyList<ConfigKeyInfo> ConfigKeys);

/// <summary>One key a harvester accepts in a source config.</summary>
public sealed record ConfigKeyInfo(string Key, string Type, string Description, string? Default = null);

public sealed class ConfigValidation
{
    private ConfigValidation(JsonObject? config, IReadOnlyList<string> errors)
    {
        Config = config;
        Errors = errors;
    }

    public JsonObject? Config { get; }
    public IReadOnlyList<string> Errors { get; }
    public bool IsValid => Errors.Count == 0;

    public static ConfigValidation Valid(JsonObject config) => new(config, []);
    public static ConfigValidation Invalid(IReadOnlyList<string> errors) => new(null, errors);
}

/// <summary>One record found by gather. A record with an <see cref="Error"/> becomes an errored object.</summary>
public sealed record GatheredRecord
{
    public required string Guid { get; init; }
    public string? Content { get; init; }
    public string? Error { get; init; }
    /// <summary>Line of the record in the source document, when the document has lines.</summary>
    public int? Line { get; init; }
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a harvester may know while it works on one job.</summary>
public class HarvestContext(HarvestSource source, HarvestJob job, JsonObject config, Http.RemoteDocuments documents)
{
    public HarvestSource Source { get; } = source;
    public HarvestJob Job { get; } = job;
    /// <summary>The source's config, as normalised by <see cref="IHarvester.ValidateConfig"/>.</summary>
    public JsonObject Config { get; } = config;
    public Http.RemoteDocuments Documents { get; } = documents;
    /// <summary>The local catalog's organizations and groups, for harvesters that match or copy remote ones at import.</summary>
    public ILocalGroups? Groups { get; init; }
}

/// <summary>The organizations and groups of the local catalog, as a harvester may see and extend them while it imports.</summary>
public interface ILocalGroups
{
    CatalogGroup? Find(string name, bool isOrganization);
    /// <summary>The group or organization of that name, created with this title and description when it does not exist.</summary>
    CatalogGroup Ensure(string name, string? title, string? description, bool isOrganization);
}

public sealed class GatherContext(HarvestSource source, HarvestJob job, JsonObject config, Http.RemoteDocuments documents)
    : HarvestContext(source, job, config, documents)
{
    /// <summary>
    /// Set false by a harvester that listed only part of the remote catalog (an incremental query):
    /// records missing from such a listing are not treated as deleted.
    /// </summary>
    public bool ListingIsComplete { get; set; } = true;

    /// <summary>
    /// Whether datasets this source imported earlier that a complete listing no longer holds are marked deleted.
    /// True by default (data.json); a harvester whose config makes it optional sets it during gather.
    /// </summary>
    public bool DeleteMissingDatasets { get; set; } = true;

    /// <summary>
    /// The source's newest Finished job with no gather errors and no errored objects (the base of an incremental
    /// harvest), or null when there is none.
    /// </summary>
    public HarvestJob? LastErrorFreeJob { get; init; }
}

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
