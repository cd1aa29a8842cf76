using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Catalog;

/// <summary>The local catalog as readers see it: searched and paged in the store, streamed whole, its organizations and groups.</summary>
public sealed class LocalCatalog(IHarvestStore store)
{
    /// <summary>The most rows one search page returns, as CKAN's default search.rows_max.</summary>
    public const int MaxRows = 1000;

    public DatasetSearchPage Search(DatasetSearch search)
    {
        if (search.Rows < 0 || search.Rows > MaxRows) throw new HarvestException($"rows must be from 0 to {MaxRows}, not {search.Rows}");
        if (search.Start < 0) throw new HarvestException($"start must be 0 or more, not {search.Start}");
        return store.SearchDatasets(search);
    }

    /// <summary>Every active dataset, by name, read a page at a time so that memory does not grow with the catalog.</summary>
    public IEnumerable<Dataset> StreamActive(int pageSize = 500)
    {
        string? after = null;
        while (true)
        {
            var page = store.ListActiveDatasetsAfter(after, pageSize);
            foreach (var dataset in page) yield return dataset;
            if (page.Count < pageSize) yield break;
            after = page[^1].Name;
        }
    }

    public IReadOnlyList<CatalogGroup> Organizations() => store.ListGroups(organizations: true);

    public IReadOnlyList<CatalogGroup> Groups() => store.ListGroups(organizations: false);

    public CatalogGroup? FindGroup(string idOrName, bool organization) =>
        store.ListGroups(organization).FirstOrDefault(g => g.GroupId == idOrName || g.Name == idOrName);
}
