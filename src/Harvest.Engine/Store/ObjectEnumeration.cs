using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal static class ObjectEnumeration
{
    /// <summary>
    /// Every object matching the query, page by page: within one job when the query names it,
    /// else job by job (newest job first), so memory holds one page at a time.
    /// </summary>
    public static IEnumerable<HarvestObject> EnumerateObjects(this IHarvestStore store, ObjectQuery query, int pageSize = 1000)
    {
        var jobIds = query.JobId is not null
            ? [query.JobId]
            : store.ListJobs(new JobQuery(query.SourceId, Limit: int.MaxValue)).Select(j => j.JobId).ToList();
        foreach (var jobId in jobIds)
        {
            var after = query.AfterSequence;
            while (true)
            {
                var page = store.ListObjects(query with { JobId = jobId, AfterSequence = after, Limit = pageSize });
                foreach (var harvestObject in page) yield return harvestObject;
                if (page.Count < pageSize) break;
                after = page[^1].Sequence;
            }
        }
    }
}
