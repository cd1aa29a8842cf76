namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public int DeleteJobsBeyond(string sourceId, int keep)
    {
        if (keep <= 0) return 0;
        using var transaction = BeginTransaction();
        // The newest `keep` ended jobs stay; so does any older job still holding a current object (change detection needs it).
        var old = Sql.Query("""
            SELECT id FROM harvest_job
            WHERE source_id = @source AND status IN ('Finished', 'Aborted')
            ORDER BY created DESC, id DESC LIMIT 100000 OFFSET @keep
            """, r => r.GetString(0), ("@source", sourceId), ("@keep", keep));
        var removed = 0;
        foreach (var slice in old.Chunk(200))
        {
            var names = slice.Select((_, i) => $"@j{i}").ToArray();
            removed += DeleteJobs(new SqlConditions()
                .Add($"id IN ({string.Join(", ", names)})", slice.Select((id, i) => (names[i], (object?)id)).ToArray())
                .Add("NOT EXISTS (SELECT 1 FROM harvest_object o WHERE o.job_id = harvest_job.id AND o.current = 1)"));
        }
        transaction.Commit();
        return removed;
    }

    public int DropStaleContent(string sourceId, string exceptJobId) => Sql.Execute("""
        UPDATE harvest_object SET content = NULL
        WHERE source_id = @source AND current = 0 AND content IS NOT NULL AND job_id <> @job
          AND job_id IN (SELECT id FROM harvest_job WHERE source_id = @source AND status IN ('Finished', 'Aborted'))
        """, ("@source", sourceId), ("@job", exceptJobId));
}
