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

    public IReadOnlyList<MessageCount> CountGatherErrorMessages(string jobId) => Sql.Query(
        "SELECT message, COUNT(*) AS n FROM harvest_gather_error WHERE job_id = @job GROUP BY message",
        r => new MessageCount(r.GetString(0), Columns.ReadInt(r, "n")), ("@job", jobId));

    public IReadOnlyList<MessageCount> CountObjectErrorMessages(string jobId) => Sql.Query("""
        SELECT e.message, COUNT(*) AS n, MIN(o.guid) AS example FROM harvest_object_error e JOIN harvest_object o ON o.id = e.object_id
        WHERE e.job_id = @job GROUP BY e.message
        """,
        r => new MessageCount(r.GetString(0), Columns.ReadInt(r, "n")) { Examples = r.IsDBNull(2) || r.GetString(2).Length == 0 ? [] : [r.GetString(2)] },
        ("@job", jobId));
}
