using Harvest.Engine.Jobs;

namespace Harvest.Engine.Gather;

/// <summary>
/// A sudden empty catalog, or one that lost most of its records, is far more often a broken remote than a real mass
/// deletion: such a gather fails and deletes nothing, unless the source's config allows it (<c>force_delete</c>, or a
/// higher <c>max_delete_percent</c>).
/// </summary>
internal static class DeletionGuard
{
    public const string MaxPercentKey = "max_delete_percent";
    public const string ForceKey = "force_delete";
    public const int DefaultMaxPercent = 90;

    /// <summary>Why the deletions this gather would make are refused, or null when they may go ahead.</summary>
    public static string? Refuses(JobRun run, int gathered, int missing)
    {
        if (missing == 0 || run.Config[ForceKey]?.ToJsonString() == "true") return null;
        var active = run.Store.CountActiveDatasets(run.Source.SourceId);
        if (active == 0) return null;
        var maxPercent = int.TryParse(run.Config[MaxPercentKey]?.ToJsonString(), out var configured) ? configured : DefaultMaxPercent;
        if (gathered == 0)
            return $"the source listed no records, so all {active} of its active datasets would be deleted: nothing was deleted. " +
                $"If the catalog really is empty now, harvest again with \"{ForceKey}\": true in the source's config";
        var percent = missing * 100.0 / active;
        if (percent <= maxPercent) return null;
        return $"{missing} of the source's {active} active datasets ({percent:0.#}%) are no longer listed, more than " +
            $"{MaxPercentKey} ({maxPercent}%): nothing was deleted. If they really are gone, harvest again with " +
            $"\"{ForceKey}\": true or a higher \"{MaxPercentKey}\" in the source's config";
    }
}
