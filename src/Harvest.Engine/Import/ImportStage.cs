using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.Engine.Import;

/// <summary>
/// Turns fetched objects into datasets of the local catalog: created, updated, left alone when the
/// content hash matches the current object's, or soft-deleted. One transaction per page of objects;
/// a failure on one object marks it Error and the page goes on.
/// </summary>
internal static class ImportStage
{
    private const int PageSize = 200;

    public static void Run(JobRun run, CancellationToken cancellationToken)
    {
        var total = run.Store.CountObjectsByState(run.Job.JobId).GetValueOrDefault(ObjectState.Import);
        var done = 0;
        var after = -1;
        var importer = new ObjectImporter(run);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = Page(run, after);
            if (page.Count == 0) break;
            var large = LargeContent.Any(page);
            after = page[^1].Sequence;
            using (var transaction = run.Store.BeginTransaction())
            {
                importer.ImportPage(page, harvestObject => run.ForceImportGuids.Contains(harvestObject.Guid));
                run.Touch();
                transaction.Commit();
            }
            done += page.Count;
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Import, done, total));
            // The import dropped the page's contents; what writing a large one's dataset copied is garbage now.
            if (large)
            {
                LargeContent.Release();
            }
        }
    }

    /// <summary>
    /// The next page, in a list of the caller's own: the import drops each object's content from it. A method of its own,
    /// so that no hidden reference of the caller keeps the list the store returned.
    /// </summary>
    private static List<HarvestObject> Page(JobRun run, int after) =>
        [.. run.Store.ListObjects(new(JobId: run.Job.JobId, State: ObjectState.Import, AfterSequence: after, Limit: PageSize))];
}
