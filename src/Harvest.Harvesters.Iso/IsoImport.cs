using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// The import step of the ISO harvester types: an object's XML read with the source's limits, mapped, and completed
/// with the source's defaults. A <see cref="DatasetDraft"/> carries no warnings, so the mapping's warnings (a bounding
/// box given the wrong way round, say) go to the job log, naming the record; a record that cannot be read or mapped is
/// a <see cref="HarvestException"/> naming it.
/// </summary>
public static class IsoImport
{
    /// <param name="context">The job; its log gets the warnings.</param>
    /// <param name="harvestObject">The object whose content is the record's standalone XML.</param>
    /// <param name="config">The source's shared config.</param>
    /// <param name="recordName">How messages name the record (its guid, or the file's URL).</param>
    public static DatasetDraft Draft(HarvestContext context, HarvestObject harvestObject, IsoSourceConfig config, string recordName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(harvestObject);
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrEmpty(harvestObject.Content)) throw new HarvestException($"{recordName}: the record has no content");
        IsoMapping mapping;
        try
        {
            mapping = IsoDatasetMapper.Map(IsoReader.Read(harvestObject.Content, config.ReadOptions));
        }
        catch (IsoRecordException e)
        {
            throw new HarvestException($"{recordName}: {e.Message}", e);
        }
        foreach (var warning in mapping.Warnings)
            context.Log?.Warning($"{recordName} is imported despite: {warning}");
        return WithDefaults(mapping.Draft, config);
    }

    /// <summary>The source's default tags and groups added, and its default extras where the record gives none of that key.</summary>
    public static DatasetDraft WithDefaults(DatasetDraft draft, IsoSourceConfig config)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(config);
        if (config.DefaultTags.Count == 0 && config.DefaultGroups.Count == 0 && config.DefaultExtras.Count == 0) return draft;
        var extras = new Dictionary<string, string>(draft.Extras, StringComparer.Ordinal);
        foreach (var (key, value) in config.DefaultExtras) extras.TryAdd(key, value);
        return draft with
        {
            Tags = draft.Tags.Concat(config.DefaultTags).Distinct(StringComparer.Ordinal).ToList(),
            Groups = draft.Groups.Concat(config.DefaultGroups).Distinct(StringComparer.Ordinal).ToList(),
            Extras = extras,
        };
    }
}
