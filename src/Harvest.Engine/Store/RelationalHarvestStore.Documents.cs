using Harvest.Engine.Http;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public IReadOnlyDictionary<string, KnownDocument> FindKnownDocuments(string sourceId, string fingerprint)
    {
        // Only a job that finished without a gather error vouches for its documents; a record's own document (object_id)
        // also needs that record to have fetched and imported, a listing's every record of the job.
        var rows = Sql.Query("""
            SELECT d.url, d.etag, d.last_modified, d.job_id, j.finished, d.memo
            FROM harvest_document d JOIN harvest_job j ON j.id = d.job_id
            WHERE d.source_id = @source AND d.fingerprint = @fingerprint AND j.status = @finished
              AND NOT EXISTS (SELECT 1 FROM harvest_gather_error e WHERE e.job_id = j.id)
              AND NOT EXISTS (SELECT 1 FROM harvest_object_error oe WHERE oe.job_id = j.id AND oe.stage <> @gather
                              AND (d.object_id IS NULL OR oe.object_id = d.object_id))
            ORDER BY j.created
            """,
            r => new KnownDocument(r.GetString(0),
                new DocumentValidators(Columns.ReadString(r, "etag"), Columns.ReadString(r, "last_modified")),
                r.GetString(3), Columns.ReadOptionalTime(r, "finished"), Columns.ReadString(r, "memo")),
            ("@source", sourceId), ("@fingerprint", fingerprint), ("@finished", JobStatus.Finished.ToString()),
            ("@gather", HarvestStage.Gather.ToString()));
        var known = new Dictionary<string, KnownDocument>(StringComparer.Ordinal);
        foreach (var row in rows) known[row.Url] = row; // the newest job's wins
        return known;
    }

    public void SaveDownloadedDocuments(string sourceId, string jobId, string fingerprint, IReadOnlyList<DownloadedDocument> documents)
    {
        if (documents.Count == 0) return;
        using var transaction = BeginTransaction();
        foreach (var d in documents)
        {
            // What neither this job nor the job whose validators it sent wrote is of no further use: a failed job's, a superseded one's.
            Sql.Execute("DELETE FROM harvest_document WHERE source_id = @source AND url = @url AND job_id <> @job AND job_id <> @base",
                ("@source", sourceId), ("@url", d.Url), ("@job", jobId), ("@base", d.BaseJobId ?? ""));
            Sql.Execute("DELETE FROM harvest_document WHERE source_id = @source AND url = @url AND job_id = @job",
                ("@source", sourceId), ("@url", d.Url), ("@job", jobId));
            Sql.Execute("""
                INSERT INTO harvest_document (source_id, url, job_id, object_id, etag, last_modified, fingerprint, memo)
                VALUES (@source, @url, @job, @object, @etag, @modified, @fingerprint, @memo)
                """,
                ("@source", sourceId), ("@url", d.Url), ("@job", jobId), ("@object", d.ObjectId), ("@etag", d.Validators.ETag),
                ("@modified", d.Validators.LastModified), ("@fingerprint", fingerprint), ("@memo", d.Memo));
        }
        transaction.Commit();
    }

    public void ForgetDocument(string sourceId, string url) =>
        Sql.Execute("DELETE FROM harvest_document WHERE source_id = @source AND url = @url", ("@source", sourceId), ("@url", url));

    public void AddNotModifiedUnlisted(string jobId, int count) =>
        Sql.Execute("UPDATE harvest_job SET not_modified_unlisted = not_modified_unlisted + @n WHERE id = @job", ("@n", count), ("@job", jobId));
}

