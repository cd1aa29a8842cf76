using Harvest.Engine.Model;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>Folders that loop, link away, fail or hide hostile records: the walk stays in its tree and ends.</summary>
public sealed class WafHostileFolderTests
{
    private static readonly DateTime Day = new(2026, 3, 1, 8, 30, 0);

    private static string Record(string id) => IsoXmlBuilder.Record(id: id, title: $"Record {id}");

    [Fact]
    public async Task A_link_back_to_a_parent_by_another_path_is_not_followed()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.Put("/waf/sub/b.xml", Record("b"), Day);
        waf.Alias("/waf/sub/again/", "/waf/");
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf", """{"delete_missing": true}""");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2 }, report.Stats);
        Assert.Equal([waf.Url("/waf/a.xml"), waf.Url("/waf/sub/b.xml")], harvest.Datasets().Select(d => d.Guid).Order(StringComparer.Ordinal));
        Assert.Equal(1, waf.RequestsFor("/waf/sub/again/"));
        Assert.Equal(0, waf.RequestsFor("/waf/sub/again/sub/"));
        Assert.Equal(0, waf.RequestsFor("/waf/sub/again/a.xml"));
        Assert.Contains(harvest.Log.Warnings, w => w.Contains($"{waf.Url("/waf/sub/again/")} lists the same entries as {waf.Url("/waf/")}", StringComparison.Ordinal));
        Assert.Empty(report.GatherWarnings);

        // The loop is not a gap in the listing: a vanished file is still deleted.
        waf.Remove("/waf/a.xml");
        Assert.Equal(new JobStats { NotModified = 1, Deleted = 1 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public async Task Links_to_another_host_to_parents_and_to_sort_orders_are_never_requested()
    {
        await using var elsewhere = await WafServer.StartAsync();
        elsewhere.Put("/evil.xml", Record("evil"), Day);
        elsewhere.Put("/dir/deeper.xml", Record("deeper"), Day);
        await using var waf = await WafServer.StartAsync();
        waf.Put("/top.xml", Record("top"), Day);
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.AddLink("/waf/", elsewhere.Url("/evil.xml"));
        waf.AddLink("/waf/", elsewhere.Url("/dir/"));
        waf.AddLink("/waf/", "/top.xml");
        waf.AddLink("/waf/", "../top.xml");
        waf.AddLink("/waf/", "?C=M;O=D");
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        Assert.Equal(waf.Url("/waf/a.xml"), Assert.Single(harvest.Datasets()).Guid);
        Assert.Empty(elsewhere.FileRequests);
        Assert.Equal(0, elsewhere.RequestsFor("/dir/"));
        Assert.Equal(0, waf.RequestsFor("/top.xml"));
        Assert.Equal(0, waf.RequestsFor("/"));
    }

    [Fact]
    public async Task A_sub_folder_redirected_out_of_the_tree_is_not_read()
    {
        await using var elsewhere = await WafServer.StartAsync();
        elsewhere.Put("/other/x.xml", Record("x"), Day);
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.Put("/waf/moved/placeholder.xml", Record("p"), Day);
        waf.Redirect("/waf/moved/", elsewhere.Url("/other/"));
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        // The shared HTTP client follows the redirect; what it finds there is not read.
        Assert.Equal(1, elsewhere.RequestsFor("/other/"));
        Assert.Empty(elsewhere.FileRequests);
        Assert.Equal($"incomplete listing, nothing deleted: the sub-folder {waf.Url("/waf/moved/")} leads to {elsewhere.Url("/other/")}, outside {waf.Url("/waf/")}: not read",
            Assert.Single(report.GatherWarnings).Message);
    }

    [Fact]
    public async Task A_sub_folder_that_cannot_be_listed_makes_the_gather_incomplete_so_nothing_is_deleted()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.Put("/waf/sub/b.xml", Record("b"), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf", """{"delete_missing": true}""");
        Assert.Equal(new JobStats { Added = 2 }, (await harvest.RunAsync()).Stats);

        waf.Fail("/waf/sub/", 500);
        waf.ResetCounts();
        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 1 }, report.Stats);
        Assert.Equal(2, harvest.Datasets().Count);
        Assert.Equal(3, waf.RequestsFor("/waf/sub/"));
        Assert.StartsWith($"incomplete listing, nothing deleted: the sub-folder {waf.Url("/waf/sub/")} could not be listed: GET {waf.Url("/waf/sub/")} returned HTTP 500",
            Assert.Single(report.GatherWarnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_deeper_than_max_depth_are_not_listed_and_the_gather_is_incomplete()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.Put("/waf/one/b.xml", Record("b"), Day);
        waf.Put("/waf/one/two/c.xml", Record("c"), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf", """{"max_depth": 1}""");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2 }, report.Stats);
        Assert.Equal(0, waf.RequestsFor("/waf/one/two/"));
        Assert.Equal($"incomplete listing, nothing deleted: the sub-folder {waf.Url("/waf/one/two/")} is deeper than max_depth 1: not listed",
            Assert.Single(report.GatherWarnings).Message);
    }

    [Fact]
    public async Task A_page_that_lists_no_xml_files_harvests_nothing_says_so_and_deletes_nothing()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf", """{"delete_missing": true}""");
        await harvest.RunAsync();

        waf.Remove("/waf/a.xml");
        waf.Put("/waf/readme.txt", "not a record", Day);
        var report = await harvest.RunAsync();

        Assert.StartsWith("the source listed no records", Assert.Single(report.GatherErrors).Message, StringComparison.Ordinal);
        Assert.Single(harvest.Datasets());
        Assert.Contains(harvest.Log.Warnings, w => w.StartsWith($"no .xml files are listed under {waf.Url("/waf/")}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_external_entity_is_an_error_for_its_file_and_an_external_DTD_is_ignored_neither_fetched()
    {
        await using var canary = await LoopbackServer.ServingAsync("secret", contentType: "text/plain");
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/xxe.xml", IsoXmlBuilder.Record(id: "xxe", title: "&xxe;",
            prolog: $"<!DOCTYPE gmd:MD_Metadata [<!ENTITY xxe SYSTEM \"{canary.BaseUrl}/secret\">]>"), Day);
        waf.Put("/waf/dtd.xml", IsoXmlBuilder.Record(id: "dtd", title: "With a DTD",
            prolog: $"<!DOCTYPE gmd:MD_Metadata SYSTEM \"{canary.BaseUrl}/iso.dtd\">"), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf");

        var report = await harvest.RunAsync();

        Assert.Equal(0, canary.RequestCount);
        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        Assert.Equal("With a DTD", Assert.Single(harvest.Datasets()).Title);
        var error = Assert.Single(report.ObjectErrors);
        Assert.Equal(waf.Url("/waf/xxe.xml"), error.Guid);
        Assert.Contains("declares entities in a DTD", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deletion_of_a_vanished_file_follows_delete_missing()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", Record("a"), Day);
        waf.Put("/waf/b.xml", Record("b"), Day);
        waf.Put("/other/a.xml", Record("a"), Day);
        waf.Put("/other/b.xml", Record("b"), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf");
        harvest.AddSource(waf.Url("/other/"), "waf", """{"delete_missing": true}""", name: "deleting");
        await harvest.RunAsync();
        await harvest.RunAsync("deleting");

        waf.Remove("/waf/b.xml");
        waf.Remove("/other/b.xml");

        Assert.Equal(new JobStats { NotModified = 1 }, (await harvest.RunAsync()).Stats);
        Assert.Equal(2, harvest.Datasets().Count);
        Assert.Equal(new JobStats { NotModified = 1, Deleted = 1 }, (await harvest.RunAsync("deleting")).Stats);
        Assert.Single(harvest.Datasets(source: "deleting"));
    }

    [Fact]
    public async Task Default_tags_groups_and_extras_are_added_and_the_records_own_extras_win()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", IsoXmlBuilder.Record(id: "a", title: "Alpha", keywords: ["water"]), Day);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url("/waf/"), "waf",
            """{"default_tags": ["geo", "water"], "default_groups": ["Maps"], "default_extras": {"harvested_by": "waf", "guid": "not this"}}""");

        Assert.Equal(new JobStats { Added = 1 }, (await harvest.RunAsync()).Stats);

        var dataset = Assert.Single(harvest.Datasets());
        Assert.Equal(["water", "geo"], dataset.Tags);
        Assert.Equal(["maps"], dataset.Groups);
        Assert.Equal("waf", dataset.Extras["harvested_by"]);
        Assert.Equal("a", dataset.Extras["guid"]);
    }
}
