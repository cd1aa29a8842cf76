using System.Data.Common;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public void InsertGatherError(HarvestGatherError e) => Sql.Execute(
        "INSERT INTO harvest_gather_error (id, job_id, message, created) VALUES (@id, @job, @message, @created)",
        ("@id", e.ErrorId), ("@job", e.JobId), ("@message", e.Message), ("@created", Columns.Time(e.Created)));

    public IReadOnlyList<HarvestGatherError> ListGatherErrors(string jobId) => Sql.Query(
        "SELECT * FROM harvest_gather_error WHERE job_id = @job ORDER BY created", r => new HarvestGatherError
        {
            ErrorId = r.GetString(r.GetOrdinal("id")),
            JobId = r.GetString(r.GetOrdinal("job_id")),
            Message = r.GetString(r.GetOrdinal("message")),
            Created = Columns.ReadTime(r, "created"),
        }, ("@job", jobId));

    public void InsertGatherWarning(string jobId, string message, DateTimeOffset created) => Sql.Execute(
        "INSERT INTO harvest_gather_warning (id, job_id, message, created) VALUES (@id, @job, @message, @created)",
        ("@id", Guid.NewGuid().ToString()), ("@job", jobId), ("@message", message), ("@created", Columns.Time(created)));

    public IReadOnlyList<GatherWarning> ListGatherWarnings(string jobId) => Sql.Query(
        "SELECT message, created FROM harvest_gather_warning WHERE job_id = @job ORDER BY created, id",
        r => new GatherWarning(r.GetString(0), Columns.ReadTime(r, "created")), ("@job", jobId));

    public void InsertObjectError(HarvestObjectError e) => Sql.Execute("""
        INSERT INTO harvest_object_error (id, object_id, job_id, stage, message, line, created)
        VALUES (@id, @object, (SELECT job_id FROM harvest_object WHERE id = @object), @stage, @message, @line, @created)
        """,
        ("@id", e.ErrorId), ("@object", e.ObjectId), ("@stage", e.Stage.ToString()), ("@message", e.Message),
        ("@line", e.Line), ("@created", Columns.Time(e.Created)));

    public IReadOnlyList<HarvestObjectError> ListObjectErrors(string jobId) => Sql.Query(
        "SELECT * FROM harvest_object_error WHERE job_id = @job ORDER BY created, id", ReadObjectError, ("@job", jobId));

    public void InsertLog(string level, string content, DateTimeOffset created) => Sql.Execute(
        "INSERT INTO harvest_log (level, content, created) VALUES (@level, @content, @created)",
        ("@level", level), ("@content", content), ("@created", Columns.Time(created)));

    public IReadOnlyList<HarvestLogEntry> ListLog(string? level, int limit, int offset)
    {
        var where = new SqlConditions().Equal("level", level);
        return Sql.Query($"SELECT * FROM harvest_log {where.Where} ORDER BY id DESC LIMIT @limit OFFSET @offset", r => new HarvestLogEntry
        {
            LogId = Convert.ToInt64(r.GetValue(r.GetOrdinal("id"))),
            Level = r.GetString(r.GetOrdinal("level")),
            Content = r.GetString(r.GetOrdinal("content")),
            Created = Columns.ReadTime(r, "created"),
        }, where.Parameters(("@limit", limit), ("@offset", offset)));
    }

    public int DeleteLogBefore(DateTimeOffset cutoff) =>
        Sql.Execute("DELETE FROM harvest_log WHERE created < @cutoff", ("@cutoff", Columns.Time(cutoff)));

    private static HarvestObjectError ReadObjectError(DbDataReader r)
    {
        var line = r.GetOrdinal("line");
        return new HarvestObjectError
        {
            ErrorId = r.GetString(r.GetOrdinal("id")),
            ObjectId = r.GetString(r.GetOrdinal("object_id")),
            Stage = Columns.ReadEnum<HarvestStage>(r, "stage"),
            Message = r.GetString(r.GetOrdinal("message")),
            Line = r.IsDBNull(line) ? null : Convert.ToInt32(r.GetValue(line)),
            Created = Columns.ReadTime(r, "created"),
        };
    }
}
