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
            var page = run.Store.ListObjects(new(JobId: run.Job.JobId, State: ObjectState.Import, AfterSequence: after, Limit: PageSize));
            if (page.Count == 0) break;
            after = page[^1].Sequence;
            using (var transaction = run.Store.BeginTransaction())
            {
                importer.ImportPage(page, harvestObject => run.ForceImportGuids.Contains(harvestObject.Guid));
                run.Touch();
                transaction.Commit();
            }
            done += page.Count;
            run.Progress?.Report(new StageProgress(run.Job.JobId, HarvestStage.Import, done, total));
            if (LargeContent.Any(page))
            {
                page = [];
                LargeContent.Release();
            }
        }
    }
}
