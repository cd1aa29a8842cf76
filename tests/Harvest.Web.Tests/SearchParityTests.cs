using Harvest.Engine;
using Harvest.Engine.Catalog;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;
using Harvest.Web.Catalog;
using Harvest.Web.Tests.Support;

namespace Harvest.Web.Tests;

/// <summary>package_search's SQL gives the same pages on SQLite and PostgreSQL.</summary>
public sealed class SearchParityTests
{
    private static readonly (string Q, string Fq, string Sort)[] Queries =
    [
        ("*:*", "", "name asc"),
        ("", "", "id asc"),
        ("park", "", "title desc"),
        ("", "organization:highways-agency", "name desc"),
        ("", "-organization:highways-agency tags:parks", "metadata_modified desc"),
        ("", "(tags:roads OR tags:trees)", "name asc"),
        ("", "tags:\"two words\"", "name asc"),
        ("", "metadata_modified:[2000-01-01T00:00:00Z TO *]", "metadata_created asc"),
        ("Road", "", "name asc"),
        // Free text through the full-text index of each store.
        ("road works", "", "name asc"),
        ("\"road works\"", "", "name asc"),
        ("ROA*", "", "name asc"),
        ("park -benches", "", "name asc"),
        ("-road", "", "metadata_modified desc"),
        ("road OR \"", "", "name asc"),
        ("NEAR( two words", "", "name asc"),
        ("\"two words\" playground", "tags:children", "name asc"),
        ("about", "-organization:highways-agency", "title asc"),
        ("park", "", ""),
    ];

    [PostgresFact]
    public async Task Searches_agree_between_SQLite_and_PostgreSQL()
    {
        var folder = Directory.CreateTempSubdirectory("harvest-parity-").FullName;
        using var database = PostgresTestDatabase.Create();
        try
        {
            var catalogs = new[]
            {
                Catalogs.Write(folder, "parks.data.json", Catalogs.Record("p1", "Park Trees", ["trees", "parks"]), Catalogs.Record("p2", "Park Benches", ["parks"]),
                    Catalogs.Record("p3", "Playground Safety", ["children", "two words"])),
                Catalogs.Write(folder, "roads.data.json", Catalogs.Record("r1", "Road Works", ["roads"], publisher: "Highways Agency"),
                    Catalogs.Record("r2", "Road Closures", ["roads"], publisher: "Highways Agency")),
            };
            using var sqlite = await Harvested(new HarvestSettings { Database = Path.Combine(folder, "harvest.db") }, catalogs);
            using var postgres = await Harvested(new HarvestSettings { Database = database.ConnectionString }, catalogs);
            foreach (var (q, fq, sort) in Queries)
                for (var start = 0; start < 5; start += 2)
                {
                    var search = SolrQuery.Parse(q, fq, sort, rows: 2, start);
                    var a = sqlite.Catalog.Search(search);
                    var b = postgres.Catalog.Search(search);
                    Assert.Equal(a.Count, b.Count);
                    if (q.Length > 0 && q != "*:*") Assert.True(a.Count is > 0 and < 5 || q.StartsWith("NEAR", StringComparison.Ordinal), $"q={q} found {a.Count}");
                    if (sort.StartsWith("name", StringComparison.Ordinal) || sort.StartsWith("title", StringComparison.Ordinal))
                        Assert.Equal(a.Datasets.Select(d => d.Name), b.Datasets.Select(d => d.Name));
                    else
                    {
                        // Ids and times differ between the two instances: the same datasets, in whatever order.
                        var all = search with { Rows = 1000, Start = 0 };
                        Assert.Equal(sqlite.Catalog.Search(all).Datasets.Select(d => d.Name).Order(), postgres.Catalog.Search(all).Datasets.Select(d => d.Name).Order());
                    }
                }
            Assert.Equal(5, sqlite.Catalog.StreamActive(pageSize: 2).Count());
            Assert.Equal(sqlite.Catalog.StreamActive(2).Select(d => d.Name), postgres.Catalog.StreamActive(2).Select(d => d.Name));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<HarvestEngine> Harvested(HarvestSettings settings, string[] catalogs)
    {
        var engine = new HarvestEngine(settings, registry: BuiltInHarvesters.CreateRegistry(settings));
        foreach (var catalog in catalogs)
        {
            var source = engine.Sources.Create(new NewSourceRequest { Name = Path.GetFileNameWithoutExtension(catalog).Replace('.', '-'), Url = catalog, Type = "datajson" });
            await engine.Jobs.RunNowAsync(source.Name);
        }
        return engine;
    }
}
