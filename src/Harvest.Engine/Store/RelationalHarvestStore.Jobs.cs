using System.Data.Common;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public void InsertJob(HarvestJob job) => Sql.Execute("""
        INSERT INTO harvest_job (id, source_id, status, created, gather_started, gather_finished, finished, last_action,
            added, updated, not_modified, deleted, errored, owner)
        VALUES (@id, @source, @status, @created, @gs, @gf, @finished, @last, @added, @updated, @nm, @deleted, @errored, @owner)
        """, JobParameters(job));

    public void UpdateJob(HarvestJob job) => Sql.Execute("""
        UPDATE harvest_job SET status = @status, gather_started = @gs, gather_finished = @gf, finished = @finished,
            last_action = @last, added = @added, updated = @updated, not_modified = @nm, deleted = @deleted, errored = @errored,
            owner = @owner
        WHERE id = @id
        """, JobParameters(job));

    public bool UpdateJobIfStatus(HarvestJob job, JobStatus expected) => Sql.Execute("""
        UPDATE harvest_job SET status = @status, gather_started = @gs, gather_finished = @gf, finished = @finished,
            last_action = @last, added = @added, updated = @updated, not_modified = @nm, deleted = @deleted, errored = @errored,
            owner = @owner
        WHERE id = @id AND status = @expected
        """, [.. JobParameters(job), ("@expected", expected.ToString())]) == 1;

    public HarvestJob? FindJob(string jobId)
    {
        var job = Sql.Single($"{JobSelect} WHERE j.id = @id", ReadJob, ("@id", jobId));
        return job is null ? null : WithLiveStats(job);
    }

    public HarvestJob? FindJobWithoutStats(string jobId) => Sql.Single($"{JobSelect} WHERE j.id = @id", ReadJob, ("@id", jobId));

    public JobStatus? FindJobStatus(string jobId) =>
        Sql.Scalar<string>("SELECT status FROM harvest_job WHERE id = @id", ("@id", jobId)) is { } status
            ? Enum.Parse<JobStatus>(status)
            : null;

    public IReadOnlyList<HarvestJob> ListJobs(JobQuery query)
    {
        var where = new SqlConditions().Equal("j.source_id", query.SourceId).Equal("j.status", query.Status?.ToString());
        return Sql.Query($"{JobSelect} {where.Where} ORDER BY j.created DESC LIMIT @limit", ReadJob, where.Parameters(("@limit", query.Limit)))
            .Select(WithLiveStats).ToList();
    }

    public HarvestJob? FindLastErrorFreeJob(string sourceId) => Sql.Single(
        $"""
        {JobSelect}
        WHERE j.source_id = @source AND j.status = @status AND j.gather_started IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM harvest_gather_error e WHERE e.job_id = j.id)
          AND NOT EXISTS (SELECT 1 FROM harvest_gather_warning w WHERE w.job_id = j.id)
          AND NOT EXISTS (SELECT 1 FROM harvest_object o WHERE o.job_id = j.id AND o.state = @error)
        ORDER BY j.gather_started DESC LIMIT 1
        """,
        ReadJob, ("@source", sourceId), ("@status", JobStatus.Finished.ToString()), ("@error", ObjectState.Error.ToString()));

    /// <summary>A job still at work has no stored counts yet: derive them from its objects.</summary>
    private HarvestJob WithLiveStats(HarvestJob job) =>
        job.Status is JobStatus.New or JobStatus.Running
            ? job with { Stats = ComputeStats(job.JobId), Progress = Reports.JobProgress.From(job, ObjectTimes(job.JobId), DateTimeOffset.UtcNow) }
            : job;

    public JobStats ComputeStats(string jobId)
    {
        var counts = Sql.Query(
            "SELECT state, report_status, COUNT(*) AS n FROM harvest_object WHERE job_id = @job GROUP BY state, report_status",
            r => (State: Columns.ReadEnum<ObjectState>(r, "state"), Report: Columns.ReadEnum<ReportStatus>(r, "report_status"), Count: Columns.ReadInt(r, "n")),
            ("@job", jobId));
        int Sum(ReportStatus status) => counts.Where(c => c.State == ObjectState.Complete && c.Report == status).Sum(c => c.Count);
        var unlisted = Sql.Scalar<long?>("SELECT not_modified_unlisted FROM harvest_job WHERE id = @job", ("@job", jobId)) ?? 0;
        return new JobStats
        {
            Added = Sum(ReportStatus.Added),
            Updated = Sum(ReportStatus.Updated),
            NotModified = Sum(ReportStatus.NotModified) + (int)unlisted,
            Deleted = Sum(ReportStatus.Deleted),
            Errored = counts.Where(c => c.State == ObjectState.Error).Sum(c => c.Count),
        };
    }

    /// <summary>
    /// Asked after every page a consumer ends. One ordered probe of the job's state index per open state, from the
    /// highest seq: objects end roughly in seq order, so the newest are the ones still open. Asked as one query over the
    /// three states, PostgreSQL trusted statistics taken when every object was Waiting and scanned the table from its
    /// start, through every row version the job had already ended (milliseconds a call, and more as the job went on).
    /// </summary>
    public bool HasUnfinishedObjects(string jobId) =>
        Sql.Scalar<long?>($"""
            SELECT COALESCE({OpenObjectProbe("Waiting")}, {OpenObjectProbe("Fetch")}, {OpenObjectProbe("Import")})
            """, ("@job", jobId)) is not null;

    private static string OpenObjectProbe(string state) =>
        $"(SELECT seq FROM harvest_object WHERE job_id = @job AND state = '{state}' ORDER BY seq DESC LIMIT 1)";

    public IReadOnlyDictionary<ObjectState, int> CountObjectsByState(string jobId) =>
        Sql.Query("SELECT state, COUNT(*) AS n FROM harvest_object WHERE job_id = @job GROUP BY state",
                r => (State: Columns.ReadEnum<ObjectState>(r, "state"), Count: Columns.ReadInt(r, "n")), ("@job", jobId))
            .ToDictionary(c => c.State, c => c.Count);

    private const string JobSelect = """
        SELECT j.*, (SELECT COUNT(*) FROM harvest_gather_error e WHERE e.job_id = j.id) AS gather_error_count
        FROM harvest_job j
        """;

    private static (string, object?)[] JobParameters(HarvestJob j) =>
    [
        ("@id", j.JobId), ("@source", j.SourceId), ("@status", j.Status.ToString()), ("@created", Columns.Time(j.Created)),
        ("@gs", Columns.Time(j.GatherStarted)), ("@gf", Columns.Time(j.GatherFinished)), ("@finished", Columns.Time(j.Finished)),
        ("@last", Columns.Time(j.LastAction)), ("@added", j.Stats.Added), ("@updated", j.Stats.Updated),
        ("@nm", j.Stats.NotModified), ("@deleted", j.Stats.Deleted), ("@errored", j.Stats.Errored), ("@owner", j.Owner),
    ];

    private static HarvestJob ReadJob(DbDataReader r) => new()
    {
        JobId = r.GetString(r.GetOrdinal("id")),
        SourceId = r.GetString(r.GetOrdinal("source_id")),
        Status = Columns.ReadEnum<JobStatus>(r, "status"),
        Created = Columns.ReadTime(r, "created"),
        GatherStarted = Columns.ReadOptionalTime(r, "gather_started"),
        GatherFinished = Columns.ReadOptionalTime(r, "gather_finished"),
        Finished = Columns.ReadOptionalTime(r, "finished"),
        LastAction = Columns.ReadOptionalTime(r, "last_action"),
        Stats = new JobStats
        {
            Added = Columns.ReadInt(r, "added"),
            Updated = Columns.ReadInt(r, "updated"),
            NotModified = Columns.ReadInt(r, "not_modified"),
            Deleted = Columns.ReadInt(r, "deleted"),
            Errored = Columns.ReadInt(r, "errored"),
        },
        GatherErrorCount = Columns.ReadInt(r, "gather_error_count"),
        Owner = Columns.ReadString(r, "owner"),
    };
}
