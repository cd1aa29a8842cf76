using System.Text.Json;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// DCAT dataset series, kept as data.json collections are: a dataset in a series that the same catalog describes gets
/// the extra <c>collection_package_id</c> with the series' dataset id (the first series by IRI when it is in several;
/// <c>in_series</c> lists them all). Gather lists series before their members and stores, on each member's object,
/// which of its series are records of the catalog; a series the catalog only names is kept in <c>in_series</c> alone.
/// </summary>
internal static class DatasetSeriesLinks
{
    /// <summary>Object extra: the JSON list of the member's series that were gathered as records.</summary>
    public const string SeriesExtra = "dcat_series";
    public const string CollectionPackageId = "collection_package_id";

    public static DatasetDraft Link(ISourceDatasets datasets, HarvestObject harvestObject, DatasetDraft draft)
    {
        if (!harvestObject.Extras.TryGetValue(SeriesExtra, out var json)) return draft;
        var series = JsonSerializer.Deserialize<List<string>>(json) ?? [];
        if (series.Count == 0) return draft;
        var first = series[0];
        var parent = datasets.FindActive(first)
            ?? throw new HarvestException(
                $"dataset '{harvestObject.Guid}' is in the series '{first}', which this catalog describes, but no dataset of this source " +
                "comes from it (the series failed); the next job tries again");
        var extras = new Dictionary<string, string>(draft.Extras, StringComparer.Ordinal) { [CollectionPackageId] = parent.DatasetId };
        return draft with { Extras = extras };
    }
}
