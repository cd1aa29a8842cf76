namespace Harvest.Engine.Model;

/// <summary>
/// DKAN Harvest's per-run events, derived from a job's objects: created (added), updated, unchanged (not modified),
/// failed (errored) and orphaned (datasets no longer in the source, marked deleted).
/// </summary>
public sealed record RunEvents(int Created, int Updated, int Unchanged, int Failed, int Orphaned)
{
    public static RunEvents From(JobStats stats) =>
        new(stats.Added, stats.Updated, stats.NotModified, stats.Errored, stats.Deleted);

    public override string ToString() =>
        $"created {Created}, updated {Updated}, unchanged {Unchanged}, failed {Failed}, orphaned {Orphaned}";
}
