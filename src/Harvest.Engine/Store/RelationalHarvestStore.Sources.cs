using System.Data.Common;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    public void InsertSource(HarvestSource source) => Sql.Execute("""
        INSERT INTO harvest_source (id, name, url, type, title, description, frequency, organization, config, active, created, modified, next_run)
        VALUES (@id, @name, @url, @type, @title, @description, @frequency, @organization, @config, @active, @created, @modified, @next)
        """, SourceParameters(source));

    public void UpdateSource(HarvestSource source) => Sql.Execute("""
        UPDATE harvest_source SET name = @name, url = @url, type = @type, title = @title, description = @description,
            frequency = @frequency, organization = @organization, config = @config, active = @active, modified = @modified,
            next_run = @next
        WHERE id = @id
        """, SourceParameters(source));

    public HarvestSource? FindSource(string idOrName) =>
        Sql.Single("SELECT * FROM harvest_source WHERE id = @key OR name = @key ORDER BY CASE WHEN id = @key THEN 0 ELSE 1 END",
            ReadSource, ("@key", idOrName));

    public IReadOnlyList<HarvestSource> ListSources(bool includeInactive) =>
        Sql.Query($"SELECT * FROM harvest_source {(includeInactive ? "" : "WHERE active = 1")} ORDER BY name", ReadSource);

    public void DeleteSource(string sourceId)
    {
        using var transaction = BeginTransaction();
        ClearSource(sourceId);
        Sql.Execute("DELETE FROM harvest_source WHERE id = @id", ("@id", sourceId));
        transaction.Commit();
    }

    private static (string, object?)[] SourceParameters(HarvestSource s) =>
    [
        ("@id", s.SourceId), ("@name", s.Name), ("@url", s.Url), ("@type", s.Type), ("@title", s.Title),
        ("@description", s.Description), ("@frequency", s.Frequency.ToString()), ("@organization", s.Organization),
        ("@config", s.Config), ("@active", s.Active ? 1 : 0), ("@created", Columns.Time(s.Created)), ("@modified", Columns.Time(s.Modified)),
        ("@next", Columns.Time(s.NextRun)),
    ];

    private static HarvestSource ReadSource(DbDataReader r) => new()
    {
        SourceId = r.GetString(r.GetOrdinal("id")),
        Name = r.GetString(r.GetOrdinal("name")),
        Url = r.GetString(r.GetOrdinal("url")),
        Type = r.GetString(r.GetOrdinal("type")),
        Title = Columns.ReadString(r, "title"),
        Description = Columns.ReadString(r, "description"),
        Frequency = Columns.ReadEnum<HarvestFrequency>(r, "frequency"),
        Organization = Columns.ReadString(r, "organization"),
        Config = r.GetString(r.GetOrdinal("config")),
        Active = Columns.ReadBool(r, "active"),
        Created = Columns.ReadTime(r, "created"),
        Modified = Columns.ReadTime(r, "modified"),
        NextRun = Columns.ReadOptionalTime(r, "next_run"),
    };
}
