using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public JobObjectTimes ObjectTimes(string jobId)
    {
        // Times are stored as fixed-width UTC text, so MIN and MAX order them correctly on both databases.
        var times = Sql.Single("""
            SELECT MIN(gathered) AS first_gathered, MAX(gathered) AS last_gathered,
                   MIN(fetch_finished) AS first_fetched, MAX(fetch_finished) AS last_fetched,
                   MIN(import_finished) AS first_imported, MAX(import_finished) AS last_imported
            FROM harvest_object WHERE job_id = @job
            """, r => new JobObjectTimes
        {
            FirstGathered = Columns.ReadOptionalTime(r, "first_gathered"),
            LastGathered = Columns.ReadOptionalTime(r, "last_gathered"),
            FirstFetched = Columns.ReadOptionalTime(r, "first_fetched"),
            LastFetched = Columns.ReadOptionalTime(r, "last_fetched"),
            FirstImported = Columns.ReadOptionalTime(r, "first_imported"),
            LastImported = Columns.ReadOptionalTime(r, "last_imported"),
        }, ("@job", jobId)) ?? new JobObjectTimes();
        return times with { ByState = CountObjectsByState(jobId) };
    }

    public IReadOnlyList<MessageCount> CountGatherErrorMessages(string jobId, int limit) => Sql.Query(
        "SELECT message, COUNT(*) AS n FROM harvest_gather_error WHERE job_id = @job GROUP BY message ORDER BY n DESC, message LIMIT @limit",
        r => new MessageCount(r.GetString(r.GetOrdinal("message")), Columns.ReadInt(r, "n")), ("@job", jobId), ("@limit", limit));

    public IReadOnlyList<MessageCount> CountObjectErrorMessages(string jobId, int limit) => Sql.Query(
        "SELECT message, COUNT(*) AS n FROM harvest_object_error WHERE job_id = @job GROUP BY message ORDER BY n DESC, message LIMIT @limit",
        r => new MessageCount(r.GetString(r.GetOrdinal("message")), Columns.ReadInt(r, "n")), ("@job", jobId), ("@limit", limit));
}
