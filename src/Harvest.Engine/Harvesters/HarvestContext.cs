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
    /// <summary>The harvest log (the host's output and the database log), for what a harvester wants an operator to read.</summary>
    public Logging.HarvestLog? Log { get; init; }
    /// <summary>
    /// Conditional GET for documents downloaded whole: the validators an earlier successful job kept, and the place to note
    /// this job's. <see cref="ConditionalDocuments.Off"/> when the job must not use them (preview, a forced import, the
    /// source config's <c>conditional_get</c> false).
    /// </summary>
    public ConditionalDocuments Conditional { get; init; } = ConditionalDocuments.Off;
}

/// <summary>The organizations and groups of the local catalog, as a harvester may see and extend them while it imports.</summary>
public interface ILocalGroups
{
    CatalogGroup? Find(string name, bool isOrganization);
    /// <summary>The group or organization of that name, created with this title, description and image when it does not exist.</summary>
    CatalogGroup Ensure(string name, string? title, string? description, bool isOrganization, string? imageUrl = null);
}

/// <summary>What a harvester may know, and tell the engine, while it gathers.</summary>
public sealed class GatherContext(HarvestSource source, HarvestJob job, JsonObject config, RemoteDocuments documents)
    : HarvestContext(source, job, config, documents)
{
    private readonly List<string> _incompleteness = [];

    /// <summary>
    /// Set false by a harvester that listed only part of the remote catalog (an incremental query):
    /// records missing from such a listing are not treated as deleted.
    /// </summary>
    public bool ListingIsComplete { get; set; } = true;

    /// <summary>
    /// Says the listing lost records it should have had (a page that failed, fewer records than the remote counted): the
    /// records it has are imported, nothing is deleted, and the job's report gives the reason as a gather warning.
    /// </summary>
    public void MarkIncomplete(string reason)
    {
        ListingIsComplete = false;
        _incompleteness.Add(reason);
    }

    /// <summary>
    /// Most pages a paging harvester may ask for in this gather (setting <c>max_pages_per_gather</c>): a remote whose listing
    /// never ends (a count that grows for ever, a loop the other guards miss) is stopped by <see cref="CountPage"/>.
    /// </summary>
    public int MaxPages { get; init; } = int.MaxValue;

    private int _pages;

    /// <summary>Counts one more page asked for; throws a <see cref="HarvestException"/> past <see cref="MaxPages"/>.</summary>
    public void CountPage(string url)
    {
        if (++_pages > MaxPages)
            throw new HarvestException($"the listing of {Source.Url} went past {MaxPages:N0} pages (the last one asked for: {url}): " +
                "a remote whose listing never ends is stopped here (setting max_pages_per_gather)");
    }

    /// <summary>
    /// Says the server answered 304 Not Modified for the one document that lists the whole catalog: the gather ends with
    /// no objects, every active dataset of the source counts as not modified and nothing is deleted.
    /// </summary>
    public void CatalogNotModified(KnownDocument since) => CatalogNotModifiedSince = since;

    /// <summary>Set by <see cref="CatalogNotModified"/>.</summary>
    public KnownDocument? CatalogNotModifiedSince { get; private set; }

    /// <summary>The reasons given to <see cref="MarkIncomplete"/>.</summary>
    public IReadOnlyList<string> IncompleteReasons => _incompleteness;

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
}
