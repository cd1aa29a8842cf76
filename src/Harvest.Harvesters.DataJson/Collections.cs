using Harvest.Engine.Text;
using System.Text.Json;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.DataJson;

/// <summary>
/// DCAT-US collections: a record whose <c>isPartOf</c> names another record's identifier is a child of that
/// record's dataset. Gather lists children after every other record, so parents import first; import links a child
/// to its parent's dataset with the extra <c>collection_package_id</c>.
/// </summary>
public static class Collections
{
    public const string IsPartOf = "isPartOf";
    public const string CollectionPackageId = "collection_package_id";

    /// <summary>The parent identifier a record's content names, or null.</summary>
    public static string? ParentOf(string content)
    {
        try
        {
            using var document = JsonText.Parse(content);
            return JsonText.StringOrNumber(document.RootElement, IsPartOf);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds <c>collection_package_id</c> to a child's draft. Throws when the parent is not a dataset of the source
    /// (the child's object errors and the next job tries again) or is itself a child.
    /// </summary>
    public static DatasetDraft Link(ISourceDatasets datasets, string guid, DatasetDraft draft)
    {
        if (!draft.Extras.TryGetValue(IsPartOf, out var parentGuid) || string.IsNullOrWhiteSpace(parentGuid)) return draft;
        parentGuid = parentGuid.Trim();
        if (parentGuid == guid)
            throw new HarvestException($"record '{guid}' names itself as its collection (isPartOf)");
        var parent = datasets.FindActive(parentGuid);
        if (parent is null)
            throw new HarvestException(
                $"record '{guid}' is part of the collection '{parentGuid}', but no dataset of this source has that identifier " +
                "(the parent is missing from the catalog, dropped by a filter or failed); the next job tries again");
        if (parent.Extras.TryGetValue(IsPartOf, out var grandParent) && !string.IsNullOrWhiteSpace(grandParent))
            throw new HarvestException(
                $"record '{guid}' is part of '{parentGuid}', which is itself part of '{grandParent.Trim()}': a collection's parent cannot be a child");
        var extras = new Dictionary<string, string>(draft.Extras, StringComparer.Ordinal) { [CollectionPackageId] = parent.DatasetId };
        return draft with { Extras = extras };
    }
}
