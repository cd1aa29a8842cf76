using Harvest.Engine.Model;

namespace Harvest.Engine.Harvesters;

/// <summary>
/// A harvester whose datasets refer to other datasets of the same source (DCAT-US collections, DCAT dataset series).
/// The engine imports such a source's objects one at a time in gather order, so a record listed after the record it
/// refers to finds that record's dataset: gather lists referred-to records first.
/// </summary>
public interface IDatasetLinker : IHarvester
{
    /// <summary>
    /// Completes a draft with its links, looking the other datasets up in <paramref name="datasets"/>; throws a
    /// <see cref="HarvestException"/> naming what is missing when a dataset it needs is not there.
    /// </summary>
    DatasetDraft Link(HarvestContext context, HarvestObject harvestObject, DatasetDraft draft, ISourceDatasets datasets);
}

/// <summary>The active datasets of the source being harvested, as a linking harvester may look them up.</summary>
public interface ISourceDatasets
{
    /// <summary>The active dataset made from the record with this guid, or null.</summary>
    Dataset? FindActive(string guid);
}
