using System.Data.Common;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public void InsertObject(HarvestObject o)
    {
        Sql.Execute("""
            INSERT INTO harvest_object (id, job_id, source_id, seq, guid, state, report_status, current, content, content_hash,
                dataset_id, gathered, fetch_finished, import_finished, attempts, raw_hash)
            VALUES (@id, @job, @source, @seq, @guid, @state, @report, @current, @content, @hash, @dataset, @gathered, @ff, @if, @attempts, @raw)
            """, [.. ObjectParameters(o), ("@job", o.JobId), ("@source", o.SourceId), ("@seq", o.Sequence), ("@gathered", Columns.Time(o.Gathered))]);
        WriteExtras(o);
    }

    /// <summary>Rows per multi-row INSERT: 62 objects of 16 columns stay under 999 parameters, SQLite's oldest limit.</summary>
    private const int ObjectRowsPerInsert = 62;
    private const int ExtraRowsPerInsert = 300;

    public virtual void InsertObjects(IReadOnlyList<HarvestObject> objects)
    {
        // Multi-row INSERTs: one round trip per few dozen objects instead of one per object and one per extra.
        foreach (var chunk in objects.Chunk(ObjectRowsPerInsert))
        {
            var rows = new List<string>(chunk.Length);
            var parameters = new List<(string, object?)>(chunk.Length * 16);
            foreach (var o in chunk)
            {
                var names = new string[16];
                object?[] values =
                [
                    o.ObjectId, o.JobId, o.SourceId, o.Sequence, o.Guid, o.State.ToString(), o.ReportStatus.ToString(), o.Current ? 1 : 0,
                    o.Content, o.ContentHash, o.DatasetId, Columns.Time(o.Gathered), Columns.Time(o.FetchFinished),
                    Columns.Time(o.ImportFinished), o.Attempts, o.RawHash,
                ];
                for (var c = 0; c < values.Length; c++)
                {
                    names[c] = $"@p{parameters.Count}";
                    parameters.Add((names[c], values[c]));
                }
                rows.Add($"({string.Join(", ", names)})");
            }
            Sql.Execute($"""
                INSERT INTO harvest_object (id, job_id, source_id, seq, guid, state, report_status, current, content, content_hash,
                    dataset_id, gathered, fetch_finished, import_finished, attempts, raw_hash)
                VALUES {string.Join(", ", rows)}
                """, [.. parameters]);
        }
        var extras = objects.SelectMany(o => o.Extras.Select(e => (o.ObjectId, e.Key, e.Value)));
        foreach (var chunk in extras.Chunk(ExtraRowsPerInsert))
        {
            var rows = chunk.Select((_, i) => $"(@o{i}, @k{i}, @v{i})");
            Sql.Execute($"INSERT INTO harvest_object_extra (object_id, key, value) VALUES {string.Join(", ", rows)}",
                [.. chunk.SelectMany((e, i) => new (string, object?)[] { ($"@o{i}", e.ObjectId), ($"@k{i}", e.Key), ($"@v{i}", e.Value) })]);
        }
    }

    public void SetObjectExtra(string key, IReadOnlyList<(string ObjectId, string Value)> values)
    {
        foreach (var chunk in values.Chunk(ExtraRowsPerInsert))
        {
            var rows = chunk.Select((_, i) => $"(@o{i}, @key, @v{i})");
            Sql.Execute($"""
                INSERT INTO harvest_object_extra (object_id, key, value) VALUES {string.Join(", ", rows)}
                ON CONFLICT (object_id, key) DO UPDATE SET value = excluded.value
                """, [("@key", key), .. chunk.SelectMany((e, i) => new (string, object?)[] { ($"@o{i}", e.ObjectId), ($"@v{i}", e.Value) })]);
        }
    }

    public void UpdateObject(HarvestObject o)
    {
        Sql.Execute("""
            UPDATE harvest_object SET guid = @guid, state = @state, report_status = @report, current = @current, content = @content,
                content_hash = @hash, dataset_id = @dataset, fetch_finished = @ff, import_finished = @if, attempts = @attempts, raw_hash = @raw
            WHERE id = @id
            """, ObjectParameters(o));
        Sql.Execute("DELETE FROM harvest_object_extra WHERE object_id = @id", ("@id", o.ObjectId));
        WriteExtras(o);
    }

    public HarvestObject? FindObject(string objectId) =>
        WithExtras(Sql.Query("SELECT * FROM harvest_object WHERE id = @id", ReadObject, ("@id", objectId))).FirstOrDefault();

    public IReadOnlyList<HarvestObject> ListObjects(ObjectQuery q)
    {
        var columns = q.IncludeContent ? "*" : ObjectColumnsWithoutContent;
        var where = new SqlConditions()
            .Equal("job_id", q.JobId).Equal("source_id", q.SourceId).Equal("guid", q.Guid).Equal("state", q.State?.ToString())
            .Equal("report_status", q.ReportStatus?.ToString()).Equal("current", q.Current is null ? null : q.Current.Value ? 1 : 0)
            .Add("seq > @after", ("@after", q.AfterSequence));
        return WithExtras(Sql.Query($"SELECT {columns} FROM harvest_object {where.Where} ORDER BY job_id, seq LIMIT @limit",
            ReadObject, where.Parameters(("@limit", q.Limit))));
    }

    public HarvestObject? FindCurrentObject(string sourceId, string guid) =>
        WithExtras(Sql.Query("SELECT * FROM harvest_object WHERE source_id = @source AND guid = @guid AND current = 1",
            ReadObject, ("@source", sourceId), ("@guid", guid))).FirstOrDefault();

    public int NextObjectSequence(string jobId) =>
        (Sql.Scalar<int?>("SELECT MAX(seq) FROM harvest_object WHERE job_id = @job", ("@job", jobId)) ?? -1) + 1;

    public void DeleteJobObjects(string jobId)
    {
        using var transaction = BeginTransaction();
        Sql.Execute("DELETE FROM harvest_object_extra WHERE object_id IN (SELECT id FROM harvest_object WHERE job_id = @job)", ("@job", jobId));
        Sql.Execute("DELETE FROM harvest_object_error WHERE job_id = @job", ("@job", jobId));
        Sql.Execute("DELETE FROM harvest_object WHERE job_id = @job", ("@job", jobId));
        Sql.Execute("UPDATE harvest_job SET not_modified_unlisted = 0 WHERE id = @job", ("@job", jobId));
        transaction.Commit();
    }

    private const string ObjectColumnsWithoutContent =
        "id, job_id, source_id, seq, guid, state, report_status, current, NULL AS content, content_hash, dataset_id, gathered, fetch_finished, import_finished, attempts, raw_hash";

    private static (string, object?)[] ObjectParameters(HarvestObject o) =>
    [
        ("@id", o.ObjectId), ("@guid", o.Guid), ("@state", o.State.ToString()), ("@report", o.ReportStatus.ToString()),
        ("@current", o.Current ? 1 : 0), ("@content", o.Content), ("@hash", o.ContentHash), ("@dataset", o.DatasetId),
        ("@ff", Columns.Time(o.FetchFinished)), ("@if", Columns.Time(o.ImportFinished)), ("@attempts", o.Attempts), ("@raw", o.RawHash),
    ];

    private void WriteExtras(HarvestObject o)
    {
        foreach (var (key, value) in o.Extras)
            Sql.Execute("INSERT INTO harvest_object_extra (object_id, key, value) VALUES (@id, @key, @value)",
                ("@id", o.ObjectId), ("@key", key), ("@value", value));
    }

    private List<HarvestObject> WithExtras(List<HarvestObject> objects)
    {
        if (objects.Count == 0) return objects;
        var extras = new Dictionary<string, Dictionary<string, string>>();
        // Extras are few and small; one query per page of objects keeps this cheap.
        foreach (var chunk in objects.Chunk(500))
        {
            var (isAny, parameters) = AnyOf("@o", [.. chunk.Select(o => o.ObjectId)]);
            foreach (var (objectId, key, value) in Sql.Query(
                         $"SELECT object_id, key, value FROM harvest_object_extra WHERE object_id {isAny}",
                         r => (r.GetString(0), r.GetString(1), r.GetString(2)), parameters))
            {
                if (!extras.TryGetValue(objectId, out var map)) extras[objectId] = map = new Dictionary<string, string>();
                map[key] = value;
            }
        }
        return objects.Select(o => extras.TryGetValue(o.ObjectId, out var map) ? o with { Extras = map } : o).ToList();
    }

    private static HarvestObject ReadObject(DbDataReader r) => new()
    {
        ObjectId = r.GetString(r.GetOrdinal("id")),
        JobId = r.GetString(r.GetOrdinal("job_id")),
        SourceId = r.GetString(r.GetOrdinal("source_id")),
        Guid = r.GetString(r.GetOrdinal("guid")),
        State = Columns.ReadEnum<ObjectState>(r, "state"),
        ReportStatus = Columns.ReadEnum<ReportStatus>(r, "report_status"),
        Current = Columns.ReadBool(r, "current"),
        Content = Columns.ReadString(r, "content"),
        ContentHash = Columns.ReadString(r, "content_hash"),
        DatasetId = Columns.ReadString(r, "dataset_id"),
        Gathered = Columns.ReadTime(r, "gathered"),
        FetchFinished = Columns.ReadOptionalTime(r, "fetch_finished"),
        ImportFinished = Columns.ReadOptionalTime(r, "import_finished"),
        Sequence = Columns.ReadInt(r, "seq"),
        Attempts = Columns.ReadInt(r, "attempts"),
        RawHash = Columns.ReadString(r, "raw_hash"),
    };
}
