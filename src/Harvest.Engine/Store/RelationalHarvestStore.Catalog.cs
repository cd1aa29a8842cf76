using System.Data.Common;
using System.Text.Json;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    /// <summary>
    /// The columns a dataset is read from: not search_text, the indexed words (<see cref="SearchText"/>), which only the
    /// full-text index needs and which is as long as the description.
    /// </summary>
    private const string DatasetColumns =
        "id, name, title, notes, url, organization, tags, groups, extras, resources, state, source_id, guid, metadata_created, metadata_modified";

    private static readonly string QualifiedDatasetColumns = string.Join(", ", DatasetColumns.Split(", ").Select(c => "d." + c));

    /// <summary>The columns every dataset write sets, in the order of <see cref="DatasetParameters"/>.</summary>
    private const string DatasetInsertColumns = DatasetColumns + ", search_text";

    public void InsertDataset(Dataset d) => Sql.Execute($"""
        INSERT INTO dataset ({DatasetInsertColumns})
        VALUES ({DatasetValues("")})
        """, DatasetParameters(d));

    public void UpdateDataset(Dataset d) => Sql.Execute("""
        UPDATE dataset SET name = @name, title = @title, notes = @notes, url = @url, organization = @org, tags = @tags, groups = @groups,
            extras = @extras, resources = @resources, state = @state, source_id = @source, guid = @guid,
            metadata_created = @created, metadata_modified = @modified, search_text = @search
        WHERE id = @id
        """, DatasetParameters(d));

    public Dataset? FindDataset(string idOrName) =>
        Sql.Single(WithProvenance($"SELECT {DatasetColumns} FROM dataset WHERE id = @key OR name = @key ORDER BY CASE WHEN id = @key THEN 0 ELSE 1 END LIMIT 1"),
            ReadDatasetWithProvenance, ("@key", idOrName));

    public Dataset? FindDatasetByGuid(string sourceId, string guid) =>
        Sql.Single($"SELECT {DatasetColumns} FROM dataset WHERE source_id = @source AND guid = @guid", ReadDataset, ("@source", sourceId), ("@guid", guid));

    public int CountActiveDatasets(string sourceId) =>
        (int)Sql.Scalar<long>("SELECT COUNT(*) FROM dataset WHERE source_id = @source AND state = 'Active'", ("@source", sourceId));

    public bool DatasetNameTaken(string name) =>
        Sql.Scalar<long>("SELECT COUNT(*) FROM dataset WHERE name = @name", ("@name", name)) > 0;

    public IReadOnlyList<Dataset> ListDatasets(DatasetQuery q)
    {
        var where = DatasetConditions(q);
        return Sql.Query(WithProvenance($"SELECT {DatasetColumns} FROM dataset {where.Where} ORDER BY name LIMIT @limit"),
            ReadDatasetWithProvenance, where.Parameters(("@limit", q.Limit)));
    }

    public int CountDatasets(DatasetQuery q)
    {
        var where = DatasetConditions(q);
        return Convert.ToInt32(Sql.Scalar<long>($"SELECT COUNT(*) FROM dataset {where.Where}", where.Parameters()));
    }

    private static SqlConditions DatasetConditions(DatasetQuery q)
    {
        var where = new SqlConditions().Equal("source_id", q.SourceId);
        if (!q.IncludeDeleted) where.Add("state = 'Active'");
        if (q.AfterName is not null) where.Add("name > @after", ("@after", q.AfterName));
        if (!string.IsNullOrWhiteSpace(q.Search))
            where.Add("""
                (LOWER(name) LIKE @search ESCAPE '\' OR LOWER(title) LIKE @search ESCAPE '\'
                 OR LOWER(COALESCE(notes, '')) LIKE @search ESCAPE '\')
                """, ("@search", "%" + LikeLiteral(q.Search.Trim().ToLowerInvariant()) + "%"));
        return where;
    }

    /// <summary>
    /// The datasets a query selects, with where they came from (ckanext-harvest's harvest_object_id, harvest_source_id,
    /// harvest_source_title): the source's title and URL and the current object the dataset was built from.
    /// </summary>
    private static string WithProvenance(string datasetQuery) => $"""
        SELECT d.*, s.title AS harvest_source_title, s.url AS harvest_source_url,
            (SELECT o.id FROM harvest_object o WHERE o.source_id = d.source_id AND o.guid = d.guid AND o.current = 1
             ORDER BY o.gathered DESC LIMIT 1) AS harvest_object_id
        FROM ({datasetQuery}) d LEFT JOIN harvest_source s ON s.id = d.source_id
        ORDER BY d.name
        """;

    /// <summary>Text matched literally by LIKE ... ESCAPE '\': a search for "100%" or "road_works" means those characters.</summary>
    private static string LikeLiteral(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public IReadOnlyList<DatasetKey> ListDatasetsMissingFromJob(string sourceId, string jobId) => Sql.Query("""
        SELECT d.id, d.guid FROM dataset d
        WHERE d.source_id = @source AND d.state = 'Active'
          AND NOT EXISTS (SELECT 1 FROM harvest_object o WHERE o.job_id = @job AND o.guid = d.guid)
        ORDER BY d.name
        """, r => new DatasetKey(r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1)), ("@source", sourceId), ("@job", jobId));

    public CatalogGroup EnsureGroup(string name, string? title, bool isOrganization, string? description = null, string? imageUrl = null)
    {
        const string select = "SELECT * FROM catalog_group WHERE name = @name AND is_organization = @org";
        var existing = Sql.Single(select, ReadGroup, ("@name", name), ("@org", isOrganization ? 1 : 0));
        if (existing is not null) return existing;
        // Two consumers may create the same organization at once: the second finds the first's.
        Sql.Execute("""
            INSERT INTO catalog_group (id, name, title, description, image_url, is_organization, created)
            VALUES (@id, @name, @title, @description, @image, @org, @created)
            ON CONFLICT (is_organization, name) DO NOTHING
            """,
            ("@id", Guid.NewGuid().ToString()), ("@name", name), ("@title", title), ("@description", description), ("@image", imageUrl),
            ("@org", isOrganization ? 1 : 0), ("@created", Columns.Time(DateTimeOffset.UtcNow)));
        return Sql.Single(select, ReadGroup, ("@name", name), ("@org", isOrganization ? 1 : 0))!;
    }

    public IReadOnlyList<CatalogGroup> ListGroups(bool organizations) =>
        Sql.Query("SELECT * FROM catalog_group WHERE is_organization = @org ORDER BY name", ReadGroup, ("@org", organizations ? 1 : 0));

    public void ClearSource(string sourceId)
    {
        using var transaction = BeginTransaction();
        Sql.Execute("DELETE FROM dataset WHERE source_id = @source", ("@source", sourceId));
        DeleteJobs(new SqlConditions().Equal("source_id", sourceId));
        transaction.Commit();
    }

    public int ClearHistory(string? sourceId, bool keepCurrent, int limit = int.MaxValue)
    {
        using var transaction = BeginTransaction();
        var removed = 0;
        // The oldest jobs first, at most `limit` of them, deleted by id in slices small enough for any parameter limit.
        var ids = Sql.Query($"SELECT id FROM harvest_job {HistoryScope(sourceId, keepCurrent).Where} ORDER BY created, id LIMIT @limit",
            r => r.GetString(0), HistoryScope(sourceId, keepCurrent).Parameters(("@limit", limit)));
        foreach (var slice in ids.Chunk(200))
        {
            var names = slice.Select((_, i) => $"@j{i}").ToArray();
            removed += DeleteJobs(new SqlConditions().Add($"id IN ({string.Join(", ", names)})",
                slice.Select((id, i) => (names[i], (object?)id)).ToArray()));
        }
        if (keepCurrent)
        {
            // Jobs that still hold current objects stay, but lose their other objects.
            var objects = new SqlConditions().Equal("source_id", sourceId).Add("current = 0")
                .Add("job_id IN (SELECT id FROM harvest_job WHERE status IN ('Finished', 'Aborted'))");
            var stale = $"SELECT id FROM harvest_object {objects.Where}";
            Sql.Execute($"DELETE FROM harvest_object_extra WHERE object_id IN ({stale})", objects.Parameters());
            Sql.Execute($"DELETE FROM harvest_object_error WHERE object_id IN ({stale})", objects.Parameters());
            Sql.Execute($"DELETE FROM harvest_object WHERE id IN ({stale})", objects.Parameters());
        }
        transaction.Commit();
        return removed;
    }

    public int CountHistory(string? sourceId, bool keepCurrent)
    {
        var scope = HistoryScope(sourceId, keepCurrent);
        return Convert.ToInt32(Sql.Scalar<long>($"SELECT COUNT(*) FROM harvest_job {scope.Where}", scope.Parameters()));
    }

    /// <summary>The finished and aborted jobs clear-history removes; with keepCurrent, not those holding current objects.</summary>
    private static SqlConditions HistoryScope(string? sourceId, bool keepCurrent)
    {
        var scope = new SqlConditions().Equal("source_id", sourceId).Add("status IN ('Finished', 'Aborted')");
        if (keepCurrent)
            scope.Add("NOT EXISTS (SELECT 1 FROM harvest_object o WHERE o.job_id = harvest_job.id AND o.current = 1)");
        return scope;
    }

    private int DeleteJobs(SqlConditions jobCondition)
    {
        var jobs = $"SELECT id FROM harvest_job {jobCondition.Where}";
        var parameters = jobCondition.Parameters();
        Sql.Execute($"DELETE FROM harvest_object_extra WHERE object_id IN (SELECT id FROM harvest_object WHERE job_id IN ({jobs}))", parameters);
        Sql.Execute($"DELETE FROM harvest_object_error WHERE job_id IN ({jobs})", parameters);
        Sql.Execute($"DELETE FROM harvest_object WHERE job_id IN ({jobs})", parameters);
        Sql.Execute($"DELETE FROM harvest_gather_error WHERE job_id IN ({jobs})", parameters);
        Sql.Execute($"DELETE FROM harvest_gather_warning WHERE job_id IN ({jobs})", parameters);
        Sql.Execute($"DELETE FROM harvest_document WHERE job_id IN ({jobs})", parameters);
        return Sql.Execute($"DELETE FROM harvest_job {jobCondition.Where}", parameters);
    }

    /// <summary>Every value a dataset write sets, <see cref="DatasetInsertColumns"/> in order (the search text included).</summary>
    private (string, object?)[] DatasetParameters(Dataset d) =>
    [
        ("@id", d.DatasetId), ("@name", d.Name), ("@title", d.Title), ("@notes", d.Notes), ("@url", d.Url), ("@org", d.Organization),
        ("@tags", JsonSerializer.Serialize(d.Tags)), ("@groups", JsonSerializer.Serialize(d.Groups)),
        ("@extras", JsonSerializer.Serialize(d.Extras)), ("@resources", JsonSerializer.Serialize(d.Resources)),
        ("@state", d.State.ToString()), ("@source", d.SourceId), ("@guid", d.Guid),
        ("@created", Columns.Time(d.MetadataCreated)), ("@modified", Columns.Time(d.MetadataModified)),
        ("@search", SearchTextOf(d)),
    ];

    /// <summary>What dataset.search_text holds: the words (<see cref="SearchText.Of"/>) in the form this database's full-text index reads.</summary>
    private protected virtual string SearchTextOf(Dataset d) => SearchText.Of(d);

    /// <summary>The parameter names of <see cref="DatasetParameters"/>, each with a suffix (a row's number in a multi-row insert).</summary>
    private static string DatasetValues(string suffix) =>
        "@id{0}, @name{0}, @title{0}, @notes{0}, @url{0}, @org{0}, @tags{0}, @groups{0}, @extras{0}, @resources{0}, @state{0}, @source{0}, @guid{0}, @created{0}, @modified{0}, @search{0}"
            .Replace("{0}", suffix, StringComparison.Ordinal);

    private static Dataset ReadDataset(DbDataReader r) => new()
    {
        DatasetId = r.GetString(r.GetOrdinal("id")),
        Name = r.GetString(r.GetOrdinal("name")),
        Title = r.GetString(r.GetOrdinal("title")),
        Notes = Columns.ReadString(r, "notes"),
        Url = Columns.ReadString(r, "url"),
        Organization = Columns.ReadString(r, "organization"),
        Tags = JsonSerializer.Deserialize<List<string>>(r.GetString(r.GetOrdinal("tags"))) ?? [],
        Groups = JsonSerializer.Deserialize<List<string>>(r.GetString(r.GetOrdinal("groups"))) ?? [],
        Extras = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(r.GetOrdinal("extras"))) ?? [],
        Resources = JsonSerializer.Deserialize<List<DatasetResource>>(r.GetString(r.GetOrdinal("resources"))) ?? [],
        State = Columns.ReadEnum<DatasetState>(r, "state"),
        SourceId = Columns.ReadString(r, "source_id"),
        Guid = Columns.ReadString(r, "guid"),
        MetadataCreated = Columns.ReadTime(r, "metadata_created"),
        MetadataModified = Columns.ReadTime(r, "metadata_modified"),
    };

    private static Dataset ReadDatasetWithProvenance(DbDataReader r) => ReadDataset(r) with
    {
        HarvestObjectId = Columns.ReadString(r, "harvest_object_id"),
        HarvestSourceTitle = Columns.ReadString(r, "harvest_source_title"),
        HarvestSourceUrl = Columns.ReadString(r, "harvest_source_url"),
    };

    private static CatalogGroup ReadGroup(DbDataReader r) => new()
    {
        GroupId = r.GetString(r.GetOrdinal("id")),
        Name = r.GetString(r.GetOrdinal("name")),
        Title = Columns.ReadString(r, "title"),
        Description = Columns.ReadString(r, "description"),
        IsOrganization = Columns.ReadBool(r, "is_organization"),
        ImageUrl = Columns.ReadString(r, "image_url"),
        Created = Columns.ReadTime(r, "created"),
    };
}
