using System.Text.Json;
using Harvest.Engine.Catalog;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

internal abstract partial class RelationalHarvestStore
{
    /// <summary>A case-sensitive test that a text column contains a parameter's text.</summary>
    internal virtual string ContainsText(string column, string parameter) => $"instr({column}, {parameter}) > 0";

    /// <summary>The ids of the active datasets whose indexed words (<see cref="SearchText"/>) hold every term.</summary>
    internal abstract string TextMatchIds(IReadOnlyList<FullTextQuery> terms, Func<object?, string> parameter);

    /// <summary>True for an active dataset whose indexed words hold every term.</summary>
    internal string MatchesText(IReadOnlyList<FullTextQuery> terms, Func<object?, string> parameter) =>
        $"id IN ({TextMatchIds(terms, parameter)})";

    /// <summary>The negation of <see cref="MatchesText"/>: true for every dataset that is not active too.</summary>
    internal string NotMatchesText(IReadOnlyList<FullTextQuery> terms, Func<object?, string> parameter) =>
        $"NOT ({MatchesText(terms, parameter)})";

    /// <summary>
    /// The free-text part of a search, the way this store runs it best: the condition that keeps the datasets holding
    /// every term, and how many active datasets hold them when the store learnt it on the way (null when it did not).
    /// <paramref name="wordsAlone"/> says the search has no other condition (<see cref="WordsAlone"/>).
    /// </summary>
    private protected abstract TextCondition MatchWords(List<FullTextQuery> words, DatasetSearch search, bool wordsAlone);

    /// <summary>A condition on dataset rows with its parameters, and the number of active datasets it keeps, when known.</summary>
    private protected sealed record TextCondition(string Sql, (string, object?)[] Parameters, long? ActiveMatches);

    /// <summary>
    /// Migration 7's second half: the search text of every dataset already in the store, a page at a time (the words
    /// are made in .NET, so that both stores index the same words). Fills the full-text index as it goes.
    /// </summary>
    private void FillSearchText(SqlCommands sql)
    {
        const int pageSize = 500;
        var after = "";
        while (true)
        {
            var page = sql.Query("SELECT id, name, title, notes, tags FROM dataset WHERE id > @after ORDER BY id LIMIT @limit",
                r => (Id: r.GetString(0), Text: SearchTextOf(new Dataset
                {
                    DatasetId = r.GetString(0), Name = r.GetString(1), Title = r.GetString(2), Notes = Columns.ReadString(r, "notes"),
                    Tags = JsonSerializer.Deserialize<List<string>>(r.GetString(4)) ?? [],
                })), ("@after", after), ("@limit", pageSize));
            foreach (var slice in page.Chunk(100))
            {
                var rows = slice.Select((_, i) => $"(@i{i}, @t{i})");
                sql.Execute($"""
                    UPDATE dataset SET search_text = v.column2
                    FROM (VALUES {string.Join(", ", rows)}) AS v
                    WHERE dataset.id = v.column1
                    """, [.. slice.SelectMany((row, i) => new (string, object?)[] { ($"@i{i}", row.Id), ($"@t{i}", row.Text) })]);
            }
            if (page.Count < pageSize) return;
            after = page[^1].Id;
        }
    }

    public DatasetSearchPage SearchDatasets(DatasetSearch search)
    {
        var words = FullTextQuery.ParseAll(search.Words);
        var excluded = FullTextQuery.ParseAll(search.ExcludedWords);
        var wordsAlone = WordsAlone(search, excluded);
        var text = words.Count > 0 ? MatchWords(words, search, wordsAlone) : null;
        if (text?.ActiveMatches == 0) return new DatasetSearchPage(0, []);
        var where = SearchConditions(search, excluded);
        if (text is not null) where.Add(text.Sql, text.Parameters);
        var count = wordsAlone && text?.ActiveMatches is { } matches ? matches
            : Sql.Scalar<long>($"SELECT COUNT(*) FROM dataset {where.Where}", where.Parameters());
        if (search.Rows <= 0 || search.Start >= count) return new DatasetSearchPage((int)count, []);
        // The page's ids come from the indexes alone; only those rows are then read whole.
        var page = $"SELECT id FROM dataset {where.Where} ORDER BY {OrderBy(search.Sort, "")} LIMIT @rows OFFSET @start";
        var datasets = Sql.Query($"""
            SELECT {QualifiedDatasetColumns}, s.title AS harvest_source_title, s.url AS harvest_source_url,
                (SELECT o.id FROM harvest_object o WHERE o.source_id = d.source_id AND o.guid = d.guid AND o.current = 1
                 ORDER BY o.gathered DESC LIMIT 1) AS harvest_object_id
            FROM dataset d JOIN ({page}) p ON p.id = d.id LEFT JOIN harvest_source s ON s.id = d.source_id
            ORDER BY {OrderBy(search.Sort, "d.")}
            """, ReadDatasetWithProvenance, where.Parameters(("@rows", search.Rows), ("@start", search.Start)));
        return new DatasetSearchPage((int)count, datasets);
    }

    /// <summary>A statement built by one of the full-text methods, with the parameters it asked for.</summary>
    private protected static (string Sql, (string, object?)[] Parameters) Bound(Func<Func<object?, string>, string> build)
    {
        var parameters = new List<(string, object?)>();
        var sql = build(value =>
        {
            var name = $"@t{parameters.Count}";
            parameters.Add((name, value));
            return name;
        });
        return (sql, [.. parameters]);
    }

    /// <summary>A search of active datasets by words alone (package_search's q without fq): the index counts it.</summary>
    private static bool WordsAlone(DatasetSearch search, List<FullTextQuery> excluded) =>
        search.State == DatasetState.Active && search.SourceId is null && search.Clauses.Count == 0 && excluded.Count == 0;

    public IReadOnlyList<Dataset> ListActiveDatasetsAfter(string? afterName, int limit)
    {
        var where = new SqlConditions().Add("state = 'Active'");
        if (afterName is not null) where.Add("name > @after", ("@after", afterName));
        return Sql.Query($"SELECT {DatasetColumns} FROM dataset {where.Where} ORDER BY name LIMIT @limit", ReadDataset, where.Parameters(("@limit", limit)));
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

    /// <summary>The conditions of a search but its words (<see cref="MatchWords"/>), its excluded terms parsed already.</summary>
    private SqlConditions SearchConditions(DatasetSearch search, List<FullTextQuery> excludedTerms)
    {
        var where = new SqlConditions().Equal("state", search.State?.ToString()).Equal("source_id", search.SourceId);
        var n = 0;
        string Parameter(object? value, List<(string, object?)> parameters)
        {
            var name = $"@s{n++}";
            parameters.Add((name, value));
            return name;
        }
        foreach (var excluded in excludedTerms)
        {
            var parameters = new List<(string, object?)>();
            where.Add(NotMatchesText([excluded], value => Parameter(value, parameters)), [.. parameters]);
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
