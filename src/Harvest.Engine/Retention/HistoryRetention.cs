using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;

namespace Harvest.Engine.Retention;

/// <summary>
/// Keeps the job and object tables bounded: after each finished job, the source keeps only its newest
/// <c>keep_jobs</c> ended jobs (and any older one still holding current objects), and with
/// <c>drop_stale_content</c> the content of its non-current objects of earlier jobs is dropped.
/// </summary>
public sealed class HistoryRetention(IHarvestStore store, HarvestSettings settings, HarvestLog log)
{
    /// <summary>clear-history removes at most this many jobs per call, so that one call never holds the database for long.</summary>
    public const int BatchLimit = 1000;

    public RetentionResult AfterJob(HarvestJob job)
    {
        var removed = settings.KeepJobs > 0 ? store.DeleteJobsBeyond(job.SourceId, settings.KeepJobs) : 0;
        var dropped = settings.DropStaleContent ? store.DropStaleContent(job.SourceId, job.JobId) : 0;
        if (removed > 0 || dropped > 0)
            log.Info($"retention after job {job.JobId}: removed {removed} old jobs (keep_jobs {settings.KeepJobs}), "
                     + $"dropped the content of {dropped} non-current objects");
        return new RetentionResult(removed, dropped);
    }
}

/// <summary>What retention did after one job.</summary>
public sealed record RetentionResult(int JobsRemoved, int ContentsDropped);
