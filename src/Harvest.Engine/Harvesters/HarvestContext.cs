using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Model;

namespace Harvest.Engine.Harvesters;

/// <summary>What a harvester may know while it works on one job.</summary>
public class HarvestContext(HarvestSource source, HarvestJob job, JsonObject config, RemoteDocuments documents)
{
    public HarvestSource Source { get; } = source;
    public HarvestJob Job { get; } = job;
    /// <summary>The source's config, as normalised by the harvester's config check.</summary>
    public JsonObject Config { get; } = config;
    /// <summary>Documents and HTTP calls with the installation's timeouts, retries, rate limits and size cap.</summary>
    public RemoteDocuments Documents { get; } = documents;
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

/// <summary>What a harvester may know, and tell the engine, while it gathers.</summary>
public sealed class GatherContext(HarvestSource source, HarvestJob job, JsonObject config, RemoteDocuments documents)
    : HarvestContext(source, job, config, documents)
{
    /// <summary>
    /// Set false by a harvester that listed only part of the remote catalog (an incremental query):
    /// records missing from such a listing are not treated as deleted.
    /// </summary>
    public bool ListingIsComplete { get; set; } = true;

    /// <summary>
    /// Whether datasets this source imported earlier that a complete listing no longer holds are marked deleted.
    /// True by default; a harvester whose config makes it optional sets it during gather.
    /// </summary>
    public bool DeleteMissingDatasets { get; set; } = true;

    /// <summary>
    /// The source's newest Finished job with no gather errors and no errored objects (the base of an incremental
    /// harvest), or null when there is none.
    /// </summary>
    public HarvestJob? LastErrorFreeJob { get; init; }

    private readonly List<string> _warnings = [];

    /// <summary>Problems that did not stop the gather (e.g. a paged listing cut short), in the order reported.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Reports a problem that does not stop the gather: the gather stage logs it as a warning of the job. A harvester that
    /// stops listing early says so here and sets <see cref="ListingIsComplete"/> to false.
    /// </summary>
    public void Warn(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        _warnings.Add(message);
    }
}
