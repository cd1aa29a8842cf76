using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;
using Harvest.Web.Tests.Support;

namespace Harvest.Web.Tests;

/// <summary>
/// The local catalog served out is harvestable: real catalogs harvested into instance A, A served, then A harvested into
/// B through CKAN's API (Harvest's ckan type) and into C through /data.json (the datajson type). B and C must hold what A
/// holds, dataset by dataset.
/// </summary>
public sealed class RoundTripTests
{
    private static readonly string[] FixtureCatalogs = ["arm.data.json", "dkan-local-file.data.json", "opendataphilly.data.json", "usda.gov.data.json"];

    [FixtureFact]
    public async Task Instance_A_harvested_through_its_CKAN_API_and_its_data_json_gives_the_same_catalog()
    {
        await using var a = await WebTestServer.StartAsync();
        using (var engine = a.OpenEngine())
        {
            foreach (var file in FixtureCatalogs)
            {
                var source = engine.Sources.Create(new NewSourceRequest { Name = Path.GetFileNameWithoutExtension(file).Replace('.', '-'), Url = Fixtures.DataJson(file), Type = "datajson" });
                var report = await engine.Jobs.RunNowAsync(source.Name);
                Assert.Empty(report.GatherErrors);
            }
        }
        SortedDictionary<string, string> expected, expectedThroughDataJson;
        using (var engine = a.OpenEngine())
        {
            expected = CatalogSnapshot.Of(engine);
            expectedThroughDataJson = CatalogSnapshot.Of(engine, WithRequiredFieldsFilledIn);
        }
        Assert.True(expected.Count > 400, $"A holds {expected.Count} datasets");

        using var b = Instance.Create();
        var ckan = b.Engine.Sources.Create(new NewSourceRequest
        {
            Name = "instance-a", Url = a.BaseUrl, Type = "ckan", Config = """{"remote_orgs": "create", "remote_groups": "create", "page_size": 100}""",
        });
        var first = await b.Engine.Jobs.RunNowAsync(ckan.Name);
        Assert.Empty(first.GatherErrors);
        Assert.Equal(expected.Count, first.Stats.Added);
        CatalogSnapshot.AssertSame(expected, CatalogSnapshot.Of(b.Engine), "through package_search");

        // The next harvest asks only for what changed since (fq=metadata_modified:[... TO *]): nothing.
        var second = await b.Engine.Jobs.RunNowAsync(ckan.Name);
        Assert.Empty(second.GatherErrors);
        Assert.Equal(0, second.Stats.Added + second.Stats.Updated + second.Stats.Deleted + second.Stats.Errored);

        using var c = Instance.Create();
        c.Engine.Sources.Create(new NewSourceRequest { Name = "instance-a", Url = a.BaseUrl + "/data.json", Type = "datajson" });
        var viaDataJson = await c.Engine.Jobs.RunNowAsync("instance-a");
        Assert.Empty(viaDataJson.GatherErrors);
        Assert.Equal(0, viaDataJson.Stats.Errored);
        CatalogSnapshot.AssertSame(expectedThroughDataJson, CatalogSnapshot.Of(c.Engine), "through data.json");
    }

    /// <summary>
    /// data.json gives every record the DCAT-US fields it requires: a record that came without one (a record whose modified
    /// was empty, say) gets it from the dataset, and the instance that harvests it keeps it as an extra.
    /// </summary>
    private static Dataset WithRequiredFieldsFilledIn(Dataset d)
    {
        var extras = new Dictionary<string, string>(d.Extras);
        extras.TryAdd("modified", d.MetadataModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        extras.TryAdd("accessLevel", "public");
        extras.TryAdd("identifier", d.DatasetId);
        return d with { Extras = extras };
    }

    /// <summary>An instance with no server: a store of its own in a temporary folder.</summary>
    private sealed class Instance : IDisposable
    {
        private readonly string _folder;

        private Instance(string folder, HarvestEngine engine)
        {
            _folder = folder;
            Engine = engine;
        }

        public HarvestEngine Engine { get; }

        public static Instance Create()
        {
            var folder = Directory.CreateTempSubdirectory("harvest-b-").FullName;
            var settings = new HarvestSettings { Database = Path.Combine(folder, "harvest.db") };
            return new Instance(folder, new HarvestEngine(settings, registry: BuiltInHarvesters.CreateRegistry(settings)));
        }

        public void Dispose()
        {
            Engine.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
