using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine.Reports;

/// <summary>Builds a job's report: stats, errors grouped by object, the most frequent messages and the timings.</summary>
internal sealed class JobReportBuilder(IHarvestStore store, HarvesterRegistry registry, HarvestSources sources)
{
    /// <summary>How many of the most frequent causes a report lists, for gather errors and for object errors.</summary>
    public const int TopMessages = 20;

    public JobReport Build(HarvestJob job, IReadOnlyList<string>? runWarnings = null)
    {
        var source = sources.Get(job.SourceId);
        // A job of a type no longer loaded still has a report; its errors point at the source.
        var harvester = registry.Find(source.Type);
        var objectReports = store.ListObjectErrors(job.JobId).GroupBy(e => e.ObjectId).Select(g =>
        {
            var harvestObject = store.FindObject(g.Key)!;
            var errors = g.ToList();
            return new ObjectErrorReport
            {
                ObjectId = g.Key,
                Guid = harvestObject.Guid,
                OriginalUrl = harvester is null ? source.Url : harvester.OriginalUrl(source, harvestObject),
                Stage = errors[^1].Stage,
                Errors = errors,
            };
        }).ToList();
        return new JobReport
        {
            Job = job,
            Source = source,
            GatherErrors = store.ListGatherErrors(job.JobId),
            GatherWarnings = store.ListGatherWarnings(job.JobId),
            ObjectErrors = objectReports,
            TopGatherMessages = ErrorCauses.Top(store.CountGatherErrorMessages(job.JobId), TopMessages),
            TopObjectMessages = ErrorCauses.Top(store.CountObjectErrorMessages(job.JobId), TopMessages),
            Timings = JobTimings.From(job, store.ObjectTimes(job.JobId), DateTimeOffset.UtcNow),
            Warnings = runWarnings ?? [],
        };
    }
}
