using System.Text.Json;
using Harvest.Engine.Catalog;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    /// <summary>A case-sensitive test that a text column contains a parameter's text.</summary>
    internal virtual string ContainsText(string column, string parameter) => $"instr({column}, {parameter}) > 0";

    /// <summary>
    /// A LIKE that ignores case, for a lower-case pattern. SQLite's LIKE already ignores the case of ASCII letters, so
    /// an ASCII pattern needs no LOWER() of every row's text (the cost of a search); PostgreSQL has ILIKE.
    /// </summary>
    internal virtual string LikeIgnoringCase(string column, string parameter, bool asciiPattern) =>
        asciiPattern ? $"{column} LIKE {parameter} ESCAPE '\\'" : $"LOWER({column}) LIKE {parameter} ESCAPE '\\'";

    public DatasetSearchPage SearchDatasets(DatasetSearch search)
    {
        var where = SearchConditions(search);
        var count = (int)Sql.Scalar<long>($"SELECT COUNT(*) FROM dataset {where.Where}", where.Parameters());
        if (search.Rows <= 0 || search.Start >= count) return new DatasetSearchPage(count, []);
        // The page's ids come from the indexes alone; only those rows are then read whole.
        var page = $"SELECT id FROM dataset {where.Where} ORDER BY {OrderBy(search.Sort, "")} LIMIT @rows OFFSET @start";
        var datasets = Sql.Query($"""
            SELECT d.*, s.title AS harvest_source_title, s.url AS harvest_source_url,
                (SELECT o.id FROM harvest_object o WHERE o.source_id = d.source_id AND o.guid = d.guid AND o.current = 1
                 ORDER BY o.gathered DESC LIMIT 1) AS harvest_object_id
            FROM dataset d JOIN ({page}) p ON p.id = d.id LEFT JOIN harvest_source s ON s.id = d.source_id
            ORDER BY {OrderBy(search.Sort, "d.")}
            """, ReadDatasetWithProvenance, where.Parameters(("@rows", search.Rows), ("@start", search.Start)));
        return new DatasetSearchPage(count, datasets);
    }

    public IReadOnlyList<Dataset> ListActiveDatasetsAfter(string? afterName, int limit)
    {
        var where = new SqlConditions().Add("state = 'Active'");
        if (afterName is not null) where.Add("name > @after", ("@after", afterName));
        return Sql.Query($"SELECT * FROM dataset {where.Where} ORDER BY name LIMIT @limit", ReadDataset, where.Parameters(("@limit", limit)));
    }

    public void DeleteDataset(string datasetId) => Sql.Execute("DELETE FROM dataset WHERE id = @id", ("@id", datasetId));

    private static string OrderBy(DatasetSort sort, string alias)
    {
        var column = sort.Field switch
        {
            DatasetSortField.Name => "name",
            DatasetSortField.Title => "title",
            DatasetSortField.Id => "id",
            DatasetSortField.MetadataCreated => "metadata_created",
            _ => "metadata_modified",
        };
        var direction = sort.Descending ? "DESC" : "ASC";
        // Ties broken by id so that pages never overlap.
        return column == "id" ? $"{alias}id {direction}" : $"{alias}{column} {direction}, {alias}id {direction}";
    }

    private SqlConditions SearchConditions(DatasetSearch search)
    {
        var where = new SqlConditions().Equal("state", search.State?.ToString()).Equal("source_id", search.SourceId);
        var n = 0;
        string Parameter(object? value, List<(string, object?)> parameters)
        {
            var name = $"@s{n++}";
            parameters.Add((name, value));
            return name;
        }
        foreach (var word in search.Words.Where(w => !string.IsNullOrWhiteSpace(w)))
        {
            var parameters = new List<(string, object?)>();
            var lower = word.Trim().ToLowerInvariant();
            var p = Parameter("%" + LikeLiteral(lower) + "%", parameters);
            var ascii = lower.All(char.IsAscii);
            where.Add($"({LikeIgnoringCase("name", p, ascii)} OR {LikeIgnoringCase("title", p, ascii)} OR {LikeIgnoringCase("notes", p, ascii)})",
                [.. parameters]);
        }
        foreach (var clause in search.Clauses.Where(c => c.AnyOf.Count > 0))
        {
            var parameters = new List<(string, object?)>();
            var terms = clause.AnyOf.Select(term => Term(term, value => Parameter(value, parameters))).ToList();
            var any = "(" + string.Join(" OR ", terms) + ")";
            where.Add(clause.Negated ? $"NOT {any}" : any, [.. parameters]);
        }
        return where;
    }

    private string Term(SearchTerm term, Func<object?, string> parameter)
    {
        switch (term.Field)
        {
            case SearchField.MetadataModified or SearchField.MetadataCreated:
                var column = term.Field == SearchField.MetadataModified ? "metadata_modified" : "metadata_created";
                var bounds = new List<string>();
                if (term.From is { } from) bounds.Add($"{column} >= {parameter(Columns.Time(from))}");
                if (term.To is { } to) bounds.Add($"{column} <= {parameter(Columns.Time(to))}");
                return bounds.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", bounds) + ")";
            case SearchField.Tags or SearchField.Groups:
                // Lists are stored as JSON arrays of strings: a member is its JSON text, quotes included.
                return ContainsText(term.Field == SearchField.Tags ? "tags" : "groups", parameter(JsonSerializer.Serialize(term.Value ?? "")));
            default:
                var field = term.Field switch
                {
                    SearchField.Id => "id",
                    SearchField.Name => "name",
                    SearchField.Title => "title",
                    _ => "organization",
                };
                return $"{field} = {parameter(term.Value ?? "")}";
        }
    }
}
