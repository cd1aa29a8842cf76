using Harvest.Engine.Fetch;
using Harvest.Engine.Gather;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Import;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine.Jobs;

/// <summary>Creating, running, aborting and reporting harvest jobs.</summary>
public sealed partial class HarvestJobs(
    IHarvestStore store, HarvesterRegistry registry, HarvestSources sources, RemoteDocuments documents, HarvestSettings settings, HarvestLog log)
{
    /// <summary>
    /// Raised after a job is Finished (run-test, consumers, run): status mail and retention hang here. A handler's
    /// failure is logged and never changes the job.
    /// </summary>
    public event Action<HarvestJob>? JobFinished;

    public HarvestJob Get(string jobId) =>
        store.FindJob(jobId) ?? throw new HarvestNotFoundException(HarvestEntity.Job, $"no harvest job has the id '{jobId}'");

    public IReadOnlyList<HarvestJob> List(string? sourceIdOrName = null, JobStatus? status = null, int limit = 1000) =>
        store.ListJobs(new JobQuery(sourceIdOrName is null ? null : sources.Get(sourceIdOrName).SourceId, status, limit));

    /// <summary>Creates a New job for an active source; a source has at most one New or Running job.</summary>
    public HarvestJob Create(string sourceIdOrName)
    {
        var source = sources.Get(sourceIdOrName);
        if (!source.Active)
            throw new HarvestConflictException($"source '{source.Name}' is not active: reactivate it before harvesting");
        using var transaction = store.BeginTransaction();
        var busy = LiveJob(source.SourceId, DateTimeOffset.UtcNow);
        if (busy is not null)
            throw new JobAlreadyRunningException(source, busy);
        var job = new HarvestJob
        {
            JobId = Guid.NewGuid().ToString(), SourceId = source.SourceId, Status = JobStatus.New, Created = DateTimeOffset.UtcNow,
        };
        store.InsertJob(job);
        transaction.Commit();
        log.Info($"job {job.JobId} created for source '{source.Name}'");
        return job;
    }

    /// <summary>Aborts a job given by id, or the New/Running job of a source given by id or name.</summary>
    public HarvestJob Abort(string jobOrSource)
    {
        var job = store.FindJob(jobOrSource);
        if (job is null)
        {
            var source = sources.Get(jobOrSource);
            job = ActiveJob(source.SourceId) ?? throw new HarvestNotFoundException(HarvestEntity.Job, $"source '{source.Name}' has no New or Running job to abort");
        }
        if (job.Status is JobStatus.Finished or JobStatus.Aborted)
            throw new HarvestConflictException($"job {job.JobId} is already {job.Status}");
        var aborted = job with { Status = JobStatus.Aborted, Finished = DateTimeOffset.UtcNow, Stats = store.ComputeStats(job.JobId) };
        // The job may start or end in another process between the read above and this write: never turn a job that
        // finished meanwhile into an aborted one.
        var expected = job.Status;
        while (!store.UpdateJobIfStatus(aborted, expected))
        {
            var now = store.FindJobStatus(job.JobId);
            if (now is JobStatus.Running && expected is JobStatus.New) { expected = JobStatus.Running; continue; }
            throw new HarvestConflictException(now is null
                ? $"job {job.JobId} was removed meanwhile (its source was deleted or cleared)"
                : $"job {job.JobId} became {now} meanwhile; it was not aborted");
        }
        log.Info($"job {job.JobId} aborted");
        return aborted;
    }

    /// <summary>
    /// Runs all stages of a source's job in this process with no queue (ckanext-harvest's run-test):
    /// takes the source's New job, or creates one, and returns the finished job's report.
    /// </summary>
    public async Task<JobReport> RunNowAsync(string sourceIdOrName, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var source = sources.Get(sourceIdOrName);
        registry.Get(source.Type); // a type that is not loaded fails here, before any job is made
        var job = store.ListJobs(new JobQuery(source.SourceId, JobStatus.New)).FirstOrDefault() ?? Create(source.SourceId);
        return await RunAsync(job.JobId, options, cancellationToken);
    }

    /// <summary>Runs gather, fetch and import of a New job in this process, then finishes it.</summary>
    public async Task<JobReport> RunAsync(string jobId, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var job = Get(jobId);
        if (job.Status != JobStatus.New)
            throw new HarvestConflictException($"job {job.JobId} is {job.Status}; only a New job can be run");
        var run = CreateRun(job with { Owner = JobOwner.Current }, options);
        return await GuardedAsync(run, async () =>
        {
            if (await GatherStage.RunAsync(run, cancellationToken))
            {
                WarnAboutForcedGuidsNotListed(run);
                await FetchStage.RunAsync(run, cancellationToken);
                ImportStage.Run(run, cancellationToken);
            }
            // Only a job still Running is finished here: one aborted after the last check keeps its Aborted.
            var finished = FinishIfRunning(run.Job) is { } done ? done.JobId : AbortedMeanwhile(run.Job.JobId).JobId;
            return new Reports.JobReportBuilder(store, registry, sources).Build(Get(finished), run.Warnings);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs stages of a job in this process so that it never stays Running for good: aborted elsewhere, it keeps that status
    /// with the counts done until then; cancelled (Ctrl+C), it is Aborted; failed, it is Aborted with the reason.
    /// </summary>
    private async Task<JobReport> GuardedAsync(JobRun run, Func<Task<JobReport>> stages, CancellationToken cancellationToken)
    {
        try
        {
            return await stages();
        }
        catch (JobAbortedException)
        {
            return AbortedMeanwhile(run.Job.JobId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Finish(run.Job, JobStatus.Aborted);
            log.Warning($"job {run.Job.JobId} was cancelled and is now Aborted");
            throw;
        }
        catch (Exception e) when (e is not (OperationCanceledException or JobRemovedException) && store.FindJobStatus(run.Job.JobId) is null)
        {
            // Its source was deleted or cleared by another process: the writes that failed were for a job that is gone.
            throw new JobRemovedException(run.Job.JobId);
        }
        catch (Exception e) when (e is not JobRemovedException)
        {
            // The run cannot go on (a store failure, a bug): the job must not stay Running for good. Each stage commits whole
            // pages, so what was written stays consistent; the reason is kept on the job, as a timeout's is.
            AbortAfterFailure(run.Job, e);
            throw;
        }
    }

    /// <summary>The report of a job someone else aborted while this process ran it, with the counts of what was done until then.</summary>
    private JobReport AbortedMeanwhile(string jobId)
    {
        var aborted = store.FindJob(jobId) ?? throw new JobRemovedException(jobId);
        store.UpdateJob(aborted with { Stats = store.ComputeStats(aborted.JobId) });
        log.Warning($"job {aborted.JobId} was aborted while it ran; stopped");
        return Report(aborted.JobId);
    }

    /// <summary>
    /// A guid given to force its import that this gather did not list: nothing is imported for it, so say so rather than
    /// let a typo pass for success.
    /// </summary>
    private void WarnAboutForcedGuidsNotListed(JobRun run)
    {
        if (run.ForceImportGuids.Count == 0) return;
        bool Listed(string guid) => store.ListObjects(new ObjectQuery(JobId: run.Job.JobId, Guid: guid, Limit: 1, IncludeContent: false)).Count > 0;
        foreach (var guid in run.ForceImportGuids.Where(g => !Listed(g)).Order(StringComparer.Ordinal))
        {
            var message = $"force-import: guid '{guid}' is not in the listing of source '{run.Source.Name}'; nothing was imported for it";
            run.Warnings.Add(message);
            log.Warning(message);
        }
    }

    private void AbortAfterFailure(HarvestJob job, Exception failure)
    {
        var reason = $"aborted: the run failed: {ErrorText.Describe(failure)}";
        try
        {
            if (store.FindJobStatus(job.JobId) is JobStatus.Finished or JobStatus.Aborted) return;
            store.InsertGatherError(new HarvestGatherError
            {
                ErrorId = Guid.NewGuid().ToString(), JobId = job.JobId, Message = reason, Created = DateTimeOffset.UtcNow,
            });
            Finish(job, JobStatus.Aborted);
            log.Error($"job {job.JobId} {reason}");
        }
        catch (Exception secondary) when (secondary is not OperationCanceledException)
        {
            log.Error($"job {job.JobId} failed ({ErrorText.Describe(failure)}) and could not be marked Aborted: {ErrorText.Describe(secondary)}");
        }
    }

    /// <summary>
    /// Imports stored objects again (ckanext-harvest's import command), whatever their content hash: the current objects
    /// of a source, or those named by object id, dataset id or guid. The jobs they came from keep their history (stats,
    /// objects' report statuses and errors); what this import did is returned.
    /// </summary>
    public ReimportResult Reimport(ReimportRequest request, CancellationToken cancellationToken = default)
    {
        var objects = SelectForReimport(request);
        var counts = new Dictionary<ReportStatus, int>();
        var failures = new List<ReimportFailure>();
        foreach (var group in objects.GroupBy(o => o.JobId))
        {
            var importer = new ObjectImporter(CreateRun(Get(group.Key)), reimport: true);
            foreach (var page in group.Chunk(200))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var status in importer.ImportPage(page, _ => true))
                    counts[status] = counts.GetValueOrDefault(status) + 1;
            }
            failures.AddRange(importer.Failures.Select(f => new ReimportFailure(f.Guid, f.Message)));
        }
        return new ReimportResult(objects.Count, counts) { Failures = failures };
    }

    /// <summary>Waits until another process (a consumer, run-test) has finished or aborted the job.</summary>
    public async Task<HarvestJob> WaitAsync(string jobId, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var job = Get(jobId);
            if (job.Status is JobStatus.Finished or JobStatus.Aborted) return job;
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>What a job did: stats, gather errors, object errors by object, the most frequent messages and the timings.</summary>
    public JobReport Report(string jobId) => new Reports.JobReportBuilder(store, registry, sources).Build(Get(jobId));

    private List<HarvestObject> SelectForReimport(ReimportRequest request)
    {
        IEnumerable<HarvestObject> selected;
        if (request.ObjectId is not null)
            selected = [store.FindObject(request.ObjectId) ?? throw new HarvestNotFoundException(HarvestEntity.Object, $"no harvest object has the id '{request.ObjectId}'")];
        else
        {
            string? sourceId = request.Source is null ? null : sources.Get(request.Source).SourceId;
            string? guid = request.Guid;
            if (request.DatasetId is not null)
            {
                var dataset = store.FindDataset(request.DatasetId) ?? throw new HarvestNotFoundException(HarvestEntity.Dataset, $"no dataset has the id or name '{request.DatasetId}'");
                sourceId = dataset.SourceId;
                guid = dataset.Guid;
            }
            selected = store.EnumerateObjects(new ObjectQuery(SourceId: sourceId, Guid: guid, Current: true));
        }
        var list = selected.Select(WithContent).Where(o => o.Content is not null).ToList();
        if (!request.IncludeObjectsOfDeletedDatasets)
            list = list.Where(o => o.DatasetId is not null && store.FindDataset(o.DatasetId) is { State: DatasetState.Active }).ToList();
        if (request.Segments is { Length: > 0 } segments)
        {
            // Object ids are lower-case; hex digits may be given in either case.
            segments = segments.ToLowerInvariant();
            list = list.Where(o => segments.Contains(char.ToLowerInvariant(o.ObjectId[0]))).ToList();
        }
        return list;
    }

    /// <summary>
    /// An object settled as not modified at gather keeps no content: its record is the same as its dataset's current
    /// object's, whose content it takes (when the hashes still agree).
    /// </summary>
    private HarvestObject WithContent(HarvestObject harvestObject)
    {
        if (harvestObject.Content is not null || harvestObject.ContentHash is null) return harvestObject;
        var current = store.FindCurrentObject(harvestObject.SourceId, harvestObject.Guid);
        return current is { Content: not null } && current.ContentHash == harvestObject.ContentHash
            ? harvestObject with { Content = current.Content }
            : harvestObject;
    }

    /// <summary>What the stages need to work on a job.</summary>
    internal JobRun CreateRun(HarvestJob job, RunOptions? options = null)
    {
        var source = sources.Get(job.SourceId);
        return new JobRun
        {
            Store = store,
            Harvester = registry.Get(source.Type),
            Source = source,
            Job = job,
            Config = sources.ParsedConfig(source),
            Documents = documents,
            Log = log.For(Logging.LogCategory.Harvesters),
            NameSuffixStyle = settings.DatasetNameSuffix,
            MaxPages = settings.MaxPagesPerGather,
            MaxRecords = settings.MaxRecordsPerSource,
            Progress = options?.Progress,
            ForceImportGuids = options?.ForceImportGuids ?? new HashSet<string>(),
        };
    }

    /// <summary>
    /// Ends a job that cannot be gathered at all (its source's type is not loaded here): Finished, with a gather error
    /// saying why, so that it is reported and mailed like any failed gather instead of being retried for ever.
    /// </summary>
    internal HarvestJob FailGather(HarvestJob job, string message)
    {
        var now = DateTimeOffset.UtcNow;
        store.InsertGatherError(new HarvestGatherError { ErrorId = Guid.NewGuid().ToString(), JobId = job.JobId, Message = message, Created = now });
        log.Error($"gather of job {job.JobId} failed: {message}");
        return Finish(job with { Status = JobStatus.Running, GatherStarted = job.GatherStarted ?? now, GatherFinished = now }, JobStatus.Finished);
    }

    /// <summary>
    /// Finishes a Running job whose gather is done and whose objects have all ended (Complete or Error);
    /// consumers call it after each object so that nobody waits for the next `run`. True when this call finished it.
    /// </summary>
    public bool TryFinish(string jobId)
    {
        var job = store.FindJobWithoutStats(jobId) ?? throw new HarvestNotFoundException(HarvestEntity.Job, $"no harvest job has the id '{jobId}'");
        if (job.Status != JobStatus.Running || job.GatherFinished is null) return false;
        if (store.HasUnfinishedObjects(jobId)) return false;
        var now = DateTimeOffset.UtcNow;
        var finished = job with { Status = JobStatus.Finished, Finished = now, LastAction = now, Stats = store.ComputeStats(jobId) };
        if (!store.UpdateJobIfStatus(finished, JobStatus.Running)) return false;
        log.Info($"job {jobId} Finished: {finished.Stats}");
        RaiseFinished(finished);
        return true;
    }

    /// <summary>Ends a Running job that made no progress for too long: Finished, with a gather error giving the reason. True when this call ended it.</summary>
    internal bool FinishTimedOut(HarvestJob job, string reason, DateTimeOffset now)
    {
        var finished = job with
        {
            Status = JobStatus.Finished, Finished = now, LastAction = now, GatherFinished = job.GatherFinished ?? now,
            Stats = store.ComputeStats(job.JobId),
        };
        if (!store.UpdateJobIfStatus(finished, JobStatus.Running)) return false;
        store.InsertGatherError(new HarvestGatherError { ErrorId = Guid.NewGuid().ToString(), JobId = job.JobId, Message = reason, Created = now });
        log.Warning($"job {job.JobId} {reason}: Finished");
        RaiseFinished(finished);
        return true;
    }

    /// <summary>
    /// The source's New or Running job, unless the Running one is abandoned: its in-process owner died on this host, or it
    /// showed no sign of life (<see cref="HarvestJob.LastAction"/>) for <c>abandoned_job_minutes</c>. An abandoned job is
    /// aborted, saying why, so that the new job the caller wants goes ahead.
    /// </summary>
    internal HarvestJob? LiveJob(string sourceId, DateTimeOffset now)
    {
        var running = store.ListJobs(new JobQuery(sourceId, JobStatus.Running)).FirstOrDefault();
        if (running is not null && AbandonedBecause(running, now) is { } reason)
        {
            var aborted = running with { Status = JobStatus.Aborted, Finished = now, Stats = store.ComputeStats(running.JobId) };
            if (store.UpdateJobIfStatus(aborted, JobStatus.Running))
            {
                store.InsertGatherError(new HarvestGatherError { ErrorId = Guid.NewGuid().ToString(), JobId = running.JobId, Message = reason, Created = now });
                log.Warning($"job {running.JobId} {reason}");
            }
            running = null;
        }
        return running ?? store.ListJobs(new JobQuery(sourceId, JobStatus.New)).FirstOrDefault();
    }

    private string? AbandonedBecause(HarvestJob job, DateTimeOffset now)
    {
        if (JobOwner.DiedOnThisHost(job.Owner))
            return $"abandoned: the process that ran it ({job.Owner}) is gone; aborted so that a new job can run";
        if (settings.AbandonedJobMinutes <= 0 || job.GatherStarted is null) return null;
        var lastSign = job.LastAction ?? job.GatherStarted.Value;
        return now - lastSign > TimeSpan.FromMinutes(settings.AbandonedJobMinutes)
            ? $"abandoned: no sign of life for {(now - lastSign).TotalMinutes:0} minutes (setting abandoned_job_minutes: " +
              $"{settings.AbandonedJobMinutes}); aborted so that a new job can run"
            : null;
    }

    private HarvestJob? ActiveJob(string sourceId) =>
        store.ListJobs(new JobQuery(sourceId, JobStatus.Running)).FirstOrDefault()
        ?? store.ListJobs(new JobQuery(sourceId, JobStatus.New)).FirstOrDefault();

    /// <summary>Finishes the job unless someone else ended it meanwhile (null then).</summary>
    private HarvestJob? FinishIfRunning(HarvestJob job)
    {
        var now = DateTimeOffset.UtcNow;
        var finished = job with
        {
            Status = JobStatus.Finished, Finished = now, LastAction = now, GatherFinished = job.GatherFinished ?? (job.GatherStarted is null ? null : now),
            Stats = store.ComputeStats(job.JobId),
        };
        if (!store.UpdateJobIfStatus(finished, JobStatus.Running)) return null;
        log.Info($"job {job.JobId} {JobStatus.Finished}: {finished.Stats}");
        RaiseFinished(finished);
        return finished;
    }

    private HarvestJob Finish(HarvestJob job, JobStatus status)
    {
        var now = DateTimeOffset.UtcNow;
        var finished = job with
        {
            Status = status, Finished = now, LastAction = now, GatherFinished = job.GatherFinished ?? (job.GatherStarted is null ? null : now),
            Stats = store.ComputeStats(job.JobId),
        };
        store.UpdateJob(finished);
        log.Info($"job {job.JobId} {status}: {finished.Stats}");
        if (status == JobStatus.Finished) RaiseFinished(finished);
        return finished;
    }

    private void RaiseFinished(HarvestJob job)
    {
        if (JobFinished is null) return;
        foreach (var handler in JobFinished.GetInvocationList().Cast<Action<HarvestJob>>())
        {
            try
            {
                handler(job);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Error($"after job {job.JobId} finished: {e.Message}");
            }
        }
    }
}

public sealed record RunOptions
{
    public IReadOnlySet<string> ForceImportGuids { get; init; } = new HashSet<string>();
    public IProgress<StageProgress>? Progress { get; init; }
}

public sealed record ReimportRequest
{
    public string? Source { get; init; }
    public string? ObjectId { get; init; }
    public string? DatasetId { get; init; }
    public string? Guid { get; init; }
    /// <summary>Only objects whose id starts with one of these hex digits, to split the work between processes.</summary>
    public string? Segments { get; init; }
    /// <summary>
    /// ckanext-harvest's --no-join-datasets: also re-import objects whose dataset is deleted or gone
    /// (by default only objects of active datasets are taken).
    /// </summary>
    public bool IncludeObjectsOfDeletedDatasets { get; init; }
}

/// <summary>What a re-import did: how many objects it took, what became of them, and why those that failed did.</summary>
public sealed record ReimportResult(int Objects, IReadOnlyDictionary<ReportStatus, int> ByStatus)
{
    public IReadOnlyList<ReimportFailure> Failures { get; init; } = [];
}

/// <summary>An object a re-import could not import, and why.</summary>
public sealed record ReimportFailure(string Guid, string Message);

public sealed class JobAlreadyRunningException(HarvestSource source, HarvestJob job)
    : HarvestException($"source '{source.Name}' already has a {job.Status} job ({job.JobId}); a source has one New or Running job at a time")
{
    public HarvestJob Job { get; } = job;
}
