using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

/// <summary>
/// Reads and writes for a page of objects at once: fetch consumers and the import stage look up and
/// record a whole page in a few statements instead of several statements per object.
/// </summary>
internal abstract partial class RelationalHarvestStore
{
    // Rows per statement: parameter counts stay far below SQLite's and PostgreSQL's limits.
    private const int RowsPerStatement = 100;

    public IReadOnlyList<HarvestObject> FindObjects(IReadOnlyCollection<string> objectIds)
    {
        var found = new List<HarvestObject>(objectIds.Count);
        foreach (var slice in objectIds.Chunk(ValuesPerStatement))
        {
            var (isAny, parameters) = AnyOf("@o", slice);
            found.AddRange(Sql.Query($"SELECT * FROM harvest_object WHERE id {isAny}", ReadObject, parameters));
        }
        return WithExtras(found);
    }

    public IReadOnlyDictionary<string, Dataset> FindDatasetsByGuid(string sourceId, IReadOnlyCollection<string> guids)
    {
        var found = new Dictionary<string, Dataset>(StringComparer.Ordinal);
        foreach (var slice in guids.Chunk(ValuesPerStatement))
        {
            var (isAny, parameters) = AnyOf("@g", slice);
            foreach (var dataset in Sql.Query($"SELECT {DatasetColumns} FROM dataset WHERE source_id = @source AND guid {isAny}",
                         ReadDataset, [("@source", sourceId), .. parameters]))
                found[dataset.Guid!] = dataset;
        }
        return found;
    }

    public IReadOnlyDictionary<string, HarvestObject> FindCurrentObjects(string sourceId, IReadOnlyCollection<string> guids)
    {
        var found = new Dictionary<string, HarvestObject>(StringComparer.Ordinal);
        foreach (var slice in guids.Chunk(ValuesPerStatement))
        {
            var (isAny, parameters) = AnyOf("@g", slice);
            foreach (var current in Sql.Query(
                         $"SELECT {ObjectColumnsWithoutContent} FROM harvest_object WHERE source_id = @source AND current = 1 AND guid {isAny}",
                         ReadObject, [("@source", sourceId), .. parameters]))
                found[current.Guid] = current;
        }
        return found;
    }

    public IReadOnlyDictionary<string, CurrentHash> FindCurrentHashes(string sourceId, IReadOnlyCollection<string> guids)
    {
        var found = new Dictionary<string, CurrentHash>(StringComparer.Ordinal);
        foreach (var slice in guids.Chunk(ValuesPerStatement))
        {
            var (isAny, parameters) = AnyOf("@g", slice);
            foreach (var (guid, hash, datasetId, modified, raw) in Sql.Query($"""
                         SELECT o.guid, o.content_hash, d.id, e.value, o.raw_hash FROM harvest_object o
                         JOIN dataset d ON d.source_id = o.source_id AND d.guid = o.guid
                         LEFT JOIN harvest_object_extra e ON e.object_id = o.id AND e.key = '{ObjectExtras.SourceModified}'
                         WHERE o.source_id = @source AND o.current = 1 AND d.state = 'Active' AND o.content_hash IS NOT NULL AND o.guid {isAny}
                         """, r => (r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)),
                         [("@source", sourceId), .. parameters]))
                found[guid] = new CurrentHash(hash, datasetId, ObjectExtras.ParseDate(modified)) { RawHash = raw };
        }
        return found;
    }

    public void UpdateObjectsProgress(IReadOnlyList<HarvestObject> objects)
    {
        // UPDATE ... FROM (VALUES ...): PostgreSQL and SQLite (3.33 and later) both name the columns column1, column2, ...
        foreach (var slice in objects.Chunk(RowsPerStatement))
        {
            var rows = new List<string>(slice.Length);
            var parameters = new List<(string, object?)>(slice.Length * 9);
            for (var i = 0; i < slice.Length; i++)
            {
                var o = slice[i];
                rows.Add($"(@i{i}, @s{i}, @r{i}, @c{i}, @h{i}, @d{i}, @ff{i}, @if{i}, @a{i})");
                parameters.AddRange([
                    ($"@i{i}", o.ObjectId), ($"@s{i}", o.State.ToString()), ($"@r{i}", o.ReportStatus.ToString()), ($"@c{i}", o.Current ? 1 : 0),
                    ($"@h{i}", o.ContentHash ?? ""), ($"@d{i}", o.DatasetId ?? ""), ($"@ff{i}", Columns.Time(o.FetchFinished) ?? ""),
                    ($"@if{i}", Columns.Time(o.ImportFinished) ?? ""), ($"@a{i}", o.Attempts),
                ]);
            }
            // Absent values travel as '' (a typed parameter) and become NULL here: an untyped NULL in VALUES is an error on PostgreSQL.
            Sql.Execute($"""
                UPDATE harvest_object SET state = v.column2, report_status = v.column3, current = v.column4,
                    content_hash = NULLIF(v.column5, ''), dataset_id = NULLIF(v.column6, ''), fetch_finished = NULLIF(v.column7, ''),
                    import_finished = NULLIF(v.column8, ''), attempts = v.column9
                FROM (VALUES {string.Join(", ", rows)}) AS v
                WHERE harvest_object.id = v.column1
                """, [.. parameters]);
        }
    }

    public IReadOnlySet<string> ClaimObjects(IReadOnlyList<(string ObjectId, int Attempt)> claims)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in claims.Chunk(RowsPerStatement))
        {
            var rows = slice.Select((_, i) => $"(@i{i}, @a{i})");
            var parameters = slice.SelectMany((c, i) => new (string, object?)[] { ($"@i{i}", c.ObjectId), ($"@a{i}", c.Attempt) });
            foreach (var id in Sql.Query(ClaimStatement(string.Join(", ", rows)), r => r.GetString(0), [.. parameters]))
                claimed.Add(id);
        }
        return claimed;
    }

    /// <summary>
    /// The ids, among the (id, attempt) rows, of the objects not ended whose stored attempt is not newer, taken for the
    /// caller's transaction. Here by writing the attempt: SQLite's one writer at a time then holds them.
    /// </summary>
    private protected virtual string ClaimStatement(string valueRows) => $"""
        UPDATE harvest_object SET attempts = v.column2
        FROM (VALUES {valueRows}) AS v
        WHERE harvest_object.id = v.column1 AND harvest_object.attempts <= v.column2
          AND harvest_object.state NOT IN ('Complete', 'Error')
        RETURNING harvest_object.id
        """;

    public void ClearCurrent(string sourceId, IReadOnlyCollection<string> guids)
    {
        foreach (var slice in guids.Chunk(ValuesPerStatement))
        {
            var (isAny, parameters) = AnyOf("@g", slice);
            Sql.Execute($"UPDATE harvest_object SET current = 0 WHERE source_id = @source AND current = 1 AND guid {isAny}",
                [("@source", sourceId), .. parameters]);
        }
    }

    public bool InsertDatasetIfNameFree(Dataset d) => Sql.Execute($"""
        INSERT INTO dataset ({DatasetInsertColumns})
        VALUES ({DatasetValues("")})
        ON CONFLICT (name) DO NOTHING
        """, DatasetParameters(d)) == 1;

    public IReadOnlySet<string> InsertDatasetsIfNamesFree(IReadOnlyList<Dataset> datasets)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in datasets.Chunk(RowsPerStatement))
        {
            var rows = new List<string>(slice.Length);
            var parameters = new List<(string, object?)>(slice.Length * 16);
            for (var i = 0; i < slice.Length; i++)
            {
                var names = DatasetParameters(slice[i]).Select(p => (Name: $"{p.Item1}{i}", p.Item2)).ToList();
                rows.Add($"({string.Join(", ", names.Select(p => p.Name))})");
                parameters.AddRange(names);
            }
            inserted.UnionWith(Sql.Query($"""
                INSERT INTO dataset ({DatasetInsertColumns})
                VALUES {string.Join(", ", rows)}
                ON CONFLICT (name) DO NOTHING
                RETURNING id
                """, r => r.GetString(0), [.. parameters]));
        }
        return inserted;
    }

    /// <summary>How many values one statement of <see cref="AnyOf"/> takes.</summary>
    private protected virtual int ValuesPerStatement => RowsPerStatement;

    /// <summary>
    /// "is one of these values", to follow a column: <c>IN (@p0, @p1, ...)</c>, one parameter a value; PostgreSQL takes
    /// them as one array instead (<see cref="PostgresHarvestStore"/>), so that a page of any size is one statement with
    /// one plan.
    /// </summary>
    private protected virtual (string IsAny, (string, object?)[] Parameters) AnyOf(string prefix, IReadOnlyList<string> values) =>
        ($"IN ({string.Join(", ", values.Select((_, i) => $"{prefix}{i}"))})", values.Select((value, i) => ($"{prefix}{i}", (object?)value)).ToArray());
}
