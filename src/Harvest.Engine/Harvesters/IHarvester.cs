using Harvest.Engine.Model;

namespace Harvest.Engine.Harvesters;

/// <summary>
/// A harvester type: reads one kind of remote catalog. The engine drives the stages, stores what each returns and
/// does all writing to the local catalog; a harvester only lists, reads and maps. An exception thrown for one object
/// becomes an error on that object; an exception from <see cref="GatherAsync"/> ends the gather with a gather error.
/// </summary>
/// <remarks>
/// Optional capabilities a harvester may add by implementing more interfaces: <see cref="IConfigurableHarvester"/>
/// (its own config checks), <see cref="IDatasetLinker"/> (links a record's dataset to other datasets of the source),
/// <see cref="IContentHasher"/> (how record contents are compared; canonical JSON otherwise).
/// </remarks>
public interface IHarvester
{
    /// <summary>The type's name (what a source names as its type), title, description and config keys.</summary>
    HarvesterInfo Info { get; }

    /// <summary>
    /// Lists the remote records, one per guid, streaming. A record may carry its content (gathered with the listing)
    /// or leave it for <see cref="FetchAsync"/>; a record the source config drops is yielded with
    /// <see cref="GatheredRecord.Skipped"/> set, so that a preview can say why it is left out.
    /// </summary>
    IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, CancellationToken cancellationToken);

    /// <summary>Returns the content of one object: its gathered content, checked, or fetched now.</summary>
    Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken);

    /// <summary>Maps an object's content to the dataset it should become in the local catalog.</summary>
    DatasetDraft Import(HarvestContext context, HarvestObject harvestObject);

    /// <summary>Where a person can see the remote record, for error reports; the source URL unless overridden.</summary>
    string? OriginalUrl(HarvestSource source, HarvestObject harvestObject) => source.Url;
}
