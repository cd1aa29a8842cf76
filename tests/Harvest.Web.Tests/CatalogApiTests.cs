using System.Text.Json;
using Harvest.Engine.Sources;
using Harvest.Web.Tests.Support;

namespace Harvest.Web.Tests;

/// <summary>CKAN's read API over the local catalog: package_search's q, fq, rows, start and sort; package_show; organizations and groups.</summary>
public sealed class CatalogApiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        var parks = Catalogs.Write(_server.Folder, "parks.data.json",
            Catalogs.Record("p1", "Park Trees", ["trees", "parks"], modified: "2024-01-01"),
            Catalogs.Record("p2", "Park Benches", ["parks"]),
            Catalogs.Record("p3", "Playground Safety", ["children", "two words"]));
        var roads = Catalogs.Write(_server.Folder, "roads.data.json",
            Catalogs.Record("r1", "Road Works", ["roads"], publisher: "Highways Agency"),
            Catalogs.Record("r2", "Road Closures 100%", ["roads", "closures"], publisher: "Highways Agency"));
        using var engine = _server.OpenEngine();
        engine.Sources.Create(new NewSourceRequest { Name = "parks", Url = parks, Type = "datajson" });
        engine.Sources.Create(new NewSourceRequest { Name = "roads", Url = roads, Type = "datajson", Config = """{"default_groups": ["transport"]}""" });
        await engine.Jobs.RunNowAsync("parks");
        await engine.Jobs.RunNowAsync("roads");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> Search(string query)
    {
        var text = await _server.Http.GetStringAsync("/api/3/action/package_search?" + query);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("result").Clone();
    }

    private static List<string> Names(JsonElement result) => [.. result.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Everything_by_default_newest_first_and_paged_with_rows_and_start()
    {
        var all = await Search("q=*:*&rows=1000&sort=name%20asc");
        Assert.Equal(5, all.GetProperty("count").GetInt32());
        Assert.Equal(["park-benches", "park-trees", "playground-safety", "road-closures-100", "road-works"], Names(all));
        var page = await Search("q=*:*&rows=2&start=2&sort=name%20asc");
        Assert.Equal(5, page.GetProperty("count").GetInt32());
        Assert.Equal(["playground-safety", "road-closures-100"], Names(page));
        var desc = await Search("rows=1&sort=title%20desc");
        Assert.Equal(["road-works"], Names(desc));
        var beyond = await Search("rows=10&start=10");
        Assert.Empty(Names(beyond));
        var byId = Names(await Search("rows=10&sort=id%20asc"));
        Assert.Equal(5, byId.Count);
    }

    [Fact]
    public async Task Q_matches_words_in_name_title_and_notes_and_field_terms()
    {
        Assert.Equal(["park-benches", "park-trees"], Names(await Search("q=park&sort=name%20asc")).Where(n => n.StartsWith("park", StringComparison.Ordinal)).ToList());
        Assert.Equal(["road-closures-100"], Names(await Search("q=" + Uri.EscapeDataString("100%"))));
        Assert.Equal(["road-works"], Names(await Search("q=" + Uri.EscapeDataString("name:road-works"))));
        Assert.Empty(Names(await Search("q=nothing-like-this")));
    }

    [Fact]
    public async Task Q_words_match_whole_words_all_of_them_phrases_and_prefixes()
    {
        async Task<List<string>> Q(string q) => Names(await Search("sort=name%20asc&rows=100&q=" + Uri.EscapeDataString(q)));
        Assert.Equal(["road-closures-100", "road-works"], await Q("road"));
        Assert.Equal(["road-closures-100", "road-works"], await Q("ROAD"));
        Assert.Equal(["road-works"], await Q("road works"));
        Assert.Equal(["road-works"], await Q("works about"));
        Assert.Equal(["road-works"], await Q("\"road works\""));
        Assert.Empty(await Q("\"trees road\""));
        Assert.Empty(await Q("roa"));
        Assert.Equal(["road-closures-100", "road-works"], await Q("roa*"));
        // Tag names are searched too; "tree" is not "trees" (no stemming).
        Assert.Equal(["playground-safety"], await Q("two words"));
        Assert.Equal(["park-trees"], await Q("trees"));
        Assert.Empty(await Q("tree"));
        // Words that must not match, and the field terms of before beside words.
        Assert.Equal(["road-closures-100"], await Q("road -works"));
        Assert.Equal(["road-closures-100"], await Q("road NOT works"));
        Assert.Equal(["park-benches", "park-trees", "playground-safety"], await Q("-road"));
        Assert.Equal(["park-trees"], await Q("park name:park-trees"));
    }

    [Fact]
    public async Task Q_text_that_looks_like_query_syntax_never_errs()
    {
        async Task<List<string>> Q(string q)
        {
            using var response = await _server.Http.GetAsync("/api/3/action/package_search?sort=name%20asc&rows=100&q=" + Uri.EscapeDataString(q));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"q={q}: {(int)response.StatusCode} {text}");
            using var document = JsonDocument.Parse(text);
            return Names(document.RootElement.GetProperty("result"));
        }
        var all = await Q("*:*");
        Assert.Equal(5, all.Count);
        // OR between words reads as AND; a quote left open runs to the end (here: empty, so ignored).
        Assert.Equal(["road-works"], await Q("road OR works"));
        Assert.Equal(["road-closures-100", "road-works"], await Q("road OR \""));
        Assert.Equal(["road-works"], await Q("\"road works"));
        // FTS5 and tsquery operators are plain words here; punctuation alone places no condition.
        Assert.Empty(await Q("NEAR("));
        Assert.Empty(await Q("NEAR(road works)"));
        Assert.Equal(all, await Q("-"));
        Assert.Equal(all, await Q("*"));
        Assert.Equal(all, await Q(")"));
        Assert.Equal(all, await Q("\""));
        Assert.Equal(all, await Q("' & | ! <-> ^"));
        Assert.Empty(await Q("-x -y x"));
    }

    [Fact]
    public async Task Fq_filters_on_organization_tags_groups_and_metadata_modified()
    {
        Assert.Equal(["road-closures-100", "road-works"], Names(await Search("sort=name%20asc&fq=" + Uri.EscapeDataString("organization:highways-agency"))));
        Assert.Equal(3, (await Search("fq=" + Uri.EscapeDataString("-organization:highways-agency"))).GetProperty("count").GetInt32());
        Assert.Equal(5, (await Search("fq=" + Uri.EscapeDataString("(organization:highways-agency OR organization:parks-department)"))).GetProperty("count").GetInt32());
        Assert.Equal(["park-trees"], Names(await Search("fq=" + Uri.EscapeDataString("tags:trees"))));
        Assert.Equal(["playground-safety"], Names(await Search("fq=" + Uri.EscapeDataString("tags:\"two words\""))));
        Assert.Empty(Names(await Search("fq=" + Uri.EscapeDataString("tags:Trees"))));
        Assert.Equal(2, (await Search("fq=" + Uri.EscapeDataString("groups:transport"))).GetProperty("count").GetInt32());
        Assert.Equal(["park-trees"], Names(await Search("fq=" + Uri.EscapeDataString("tags:parks organization:parks-department tags:trees"))));
        Assert.Equal(5, (await Search("fq=" + Uri.EscapeDataString("metadata_modified:[2020-01-01T00:00:00Z TO *]"))).GetProperty("count").GetInt32());
        Assert.Equal(0, (await Search("fq=" + Uri.EscapeDataString("metadata_modified:[* TO 2020-01-01T00:00:00Z]"))).GetProperty("count").GetInt32());
        Assert.Equal(5, (await Search("fq=" + Uri.EscapeDataString("+dataset_type:dataset"))).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Bad_queries_are_409s_naming_the_problem()
    {
        foreach (var query in new[] { "fq=license:cc-by", "sort=colour%20asc", "rows=1001", "start=-1", "fq=" + Uri.EscapeDataString("metadata_modified:[yesterday TO *]") })
        {
            using var response = await _server.Http.GetAsync("/api/3/action/package_search?" + query);
            Assert.Equal(409, (int)response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Validation Error", document.RootElement.GetProperty("error").GetProperty("__type").GetString());
        }
    }

    /// <summary>package_search writes its page of packages as it goes (not as JsonObjects): each is still package_show's, field for field.</summary>
    [Fact]
    public async Task A_search_result_is_the_package_package_show_gives()
    {
        var all = await Search("q=*:*&rows=1000&sort=name%20asc");
        var results = all.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(5, results.Count);
        foreach (var result in results)
        {
            var name = result.GetProperty("name").GetString();
            using var shown = JsonDocument.Parse(await _server.Http.GetStringAsync($"/api/3/action/package_show?id={name}"));
            Assert.True(JsonElement.DeepEquals(shown.RootElement.GetProperty("result"), result), $"{name}: {result}");
        }
        Assert.Contains(results, r => r.GetProperty("groups").GetArrayLength() == 1 && r.GetProperty("organization").ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task Package_show_organizations_groups_and_status()
    {
        using var document = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/3/action/package_show?id=road-works"));
        var package = document.RootElement.GetProperty("result");
        Assert.Equal("Road Works", package.GetProperty("title").GetString());
        Assert.Equal("highways-agency", package.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("transport", Assert.Single(package.GetProperty("groups").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("roads", package.GetProperty("tags")[0].GetProperty("name").GetString());
        Assert.Equal("https://example.org/r1.csv", Assert.Single(package.GetProperty("resources").EnumerateArray()).GetProperty("url").GetString());
        Assert.Contains(package.GetProperty("extras").EnumerateArray(), e => e.GetProperty("key").GetString() == "identifier" && e.GetProperty("value").GetString() == "r1");
        Assert.False(string.IsNullOrEmpty(package.GetProperty("harvest_object_id").GetString()));
        Assert.Equal("roads", package.GetProperty("harvest_source_title").GetString());

        using var orgs = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/3/action/organization_list"));
        Assert.Equal(["highways-agency", "parks-department"], orgs.RootElement.GetProperty("result").EnumerateArray().Select(o => o.GetString()).ToList());
        using var org = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/3/action/organization_show?id=highways-agency"));
        Assert.Equal(2, org.RootElement.GetProperty("result").GetProperty("package_count").GetInt32());
        using var groups = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/3/action/group_list?all_fields=true"));
        Assert.Equal("transport", Assert.Single(groups.RootElement.GetProperty("result").EnumerateArray()).GetProperty("name").GetString());
        using var status = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/3/action/status_show"));
        Assert.True(status.RootElement.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Data_json_lists_active_datasets_only_as_DCAT_US()
    {
        using (var engine = _server.OpenEngine())
        {
            File.WriteAllText(engine.Sources.Get("roads").Url, JsonSerializer.Serialize(new { dataset = new[] { Catalogs.Record("r1", "Road Works", ["roads"], publisher: "Highways Agency") } }));
            var report = await engine.Jobs.RunNowAsync("roads");
            Assert.Equal(1, report.Stats.Deleted);
        }
        using var document = JsonDocument.Parse(await _server.Http.GetStringAsync("/data.json"));
        Assert.Equal("https://project-open-data.cio.gov/v1.1/schema", document.RootElement.GetProperty("conformsTo").GetString());
        var records = document.RootElement.GetProperty("dataset").EnumerateArray().ToList();
        Assert.Equal(4, records.Count);
        Assert.DoesNotContain(records, r => r.GetProperty("identifier").GetString() == "r2");
        var works = records.Single(r => r.GetProperty("identifier").GetString() == "r1");
        Assert.Equal("Highways Agency", works.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("https://example.org/r1.csv", works.GetProperty("distribution")[0].GetProperty("downloadURL").GetString());
        Assert.Equal(JsonValueKind.Object, works.GetProperty("publisher").ValueKind);
    }
}
