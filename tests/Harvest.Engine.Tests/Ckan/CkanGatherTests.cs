using System.Globalization;
using Harvest.Harvesters.Ckan;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>Paging through package_search, incremental harvests and deletion, against an in-test CKAN site.</summary>
public sealed class CkanGatherTests
{
    [FixtureFact]
    public async Task The_real_Birmingham_datasets_are_paged_through_and_imported_with_their_names()
    {
        await using var server = await CkanServer.StartAsync();
        var packages = CkanServer.BirminghamPackages();
        server.Add(packages);
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 3}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(10, report.Stats.Added);
        var searches = server.SearchRequests;
        // Paged until a page comes back empty, as ckanext-harvest does.
        Assert.Equal([0, 3, 6, 9, 10], searches.Select(r => r.Start));
        Assert.All(searches, r =>
        {
            Assert.Equal(3, r.Rows);
            Assert.Equal("id asc", r.Sort);
            Assert.Null(r.Fq);
            Assert.Equal("/api/3/action/package_search", r.Path);
        });
        var purchases = harvest.DatasetByGuid("cf552d08-cee9-43bf-8c0f-3196a9311799");
        Assert.Equal("purchase-card-transactions", purchases.Name);
        Assert.Equal("Purchase Card Transactions", purchases.Title, ignoreCase: true);
        Assert.Equal(packages[0]["resources"]!.AsArray().Count, purchases.Resources.Count);
        Assert.Equal("Ian Martin", purchases.Extras["author"]);
        Assert.Contains(harvest.Engine.Datasets(), d => d.Name == "december_2020_purchase_card_transactions");
        // remote_groups and remote_orgs are not set: remote groups are ignored and the source (here none) owns the datasets.
        Assert.All(harvest.Engine.Datasets(), d => { Assert.Empty(d.Groups); Assert.Null(d.Organization); });
    }

    [FixtureFact]
    public async Task Harvested_twice_with_one_remote_change_the_second_gather_asks_only_for_the_change_and_updates_one()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanServer.BirminghamPackages());
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);
        var first = await harvest.RunAsync();
        CkanTestKit.AssertNoErrors(first);
        Assert.Equal(10, first.Stats.Added);
        var before = harvest.Engine.Datasets().ToDictionary(d => d.Guid!);

        const string changedId = "cf552d08-cee9-43bf-8c0f-3196a9311799";
        server.Change(changedId, p => p["notes"] = "Now with 2022 data.");
        server.ClearRequests();
        var second = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(second);
        Assert.Equal(new JobStats { Updated = 1 }, second.Stats);
        Assert.Equal(1, harvest.ObjectCount(second));
        var since = first.Job.GatherStarted!.Value - TimeSpan.FromHours(1);
        Assert.Equal([0, 1], server.SearchRequests.Select(r => r.Start));
        Assert.All(server.SearchRequests, search =>
            Assert.Equal($"metadata_modified:[{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} TO *]", search.Fq));
        Assert.Equal("Now with 2022 data.", harvest.DatasetByGuid(changedId).Notes);
        foreach (var dataset in harvest.Engine.Datasets().Where(d => d.Guid != changedId))
            Assert.Equal((before[dataset.Guid!].MetadataModified, before[dataset.Guid!].Notes), (dataset.MetadataModified, dataset.Notes));
    }

    [Fact]
    public async Task With_force_all_every_dataset_is_asked_for_and_the_unchanged_ones_are_not_modified()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(7));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"force_all": true}""");
        await harvest.RunAsync();

        server.Change("p003", p => p["title"] = "Changed title");
        server.ClearRequests();
        var second = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(second);
        Assert.Equal(new JobStats { Updated = 1, NotModified = 6 }, second.Stats);
        Assert.All(server.SearchRequests, r => Assert.Null(r.Fq));
        Assert.Equal(0, server.SearchRequests[0].Start);
        Assert.Equal("Changed title", harvest.DatasetByGuid("p003").Title);
    }

    [Fact]
    public async Task After_a_job_with_errors_the_next_harvest_looks_back_from_the_last_error_free_job()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(3));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);
        var good = await harvest.RunAsync();
        server.Intercept = async (context, request) =>
        {
            await CkanServer.WriteAsync(context, 500, new System.Text.Json.Nodes.JsonObject());
            return true;
        };
        var failed = await harvest.RunAsync();
        Assert.Single(failed.GatherErrors);

        server.Intercept = null;
        server.ClearRequests();
        var third = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(third);
        var since = good.Job.GatherStarted!.Value - CkanHarvester.IncrementalOverlap;
        Assert.All(server.SearchRequests, r => Assert.Contains(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), r.Fq));
    }

    [Fact]
    public async Task When_the_incremental_query_fails_the_harvest_falls_back_to_a_full_one()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(4));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"delete_missing": true}""");
        await harvest.RunAsync();
        server.Remove("p001");
        // This site refuses date ranges in fq, as some Solr setups do.
        server.Intercept = async (context, request) =>
        {
            if (request.Fq?.Contains("metadata_modified") != true) return false;
            await CkanServer.WriteAsync(context, 400, new System.Text.Json.Nodes.JsonObject { ["success"] = false, ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = "bad fq" } });
            return true;
        };
        server.ClearRequests();

        var second = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(second);
        Assert.Equal(new JobStats { NotModified = 3, Deleted = 1 }, second.Stats);
        var searches = server.SearchRequests;
        Assert.Equal(3, searches.Count); // the incremental query, then the full listing and its empty last page
        Assert.Contains("metadata_modified", searches[0].Fq);
        Assert.All(searches.Skip(1), r => Assert.Null(r.Fq));
    }

    [Fact]
    public async Task A_site_that_is_down_is_a_gather_error_naming_the_url_and_status_and_nothing_changes()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(3));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"delete_missing": true, "force_all": true}""");
        await harvest.RunAsync();
        var before = harvest.Engine.Datasets(includeDeleted: true).Select(d => (d.Guid, d.State, d.MetadataModified)).ToList();
        server.Intercept = async (context, _) =>
        {
            await CkanServer.WriteAsync(context, 500, new System.Text.Json.Nodes.JsonObject { ["success"] = false });
            return true;
        };
        server.ClearRequests();

        var report = await harvest.RunAsync();

        var error = CatalogState.AssertGatherFailed(harvest, report, $"GET {server.BaseUrl}/api/3/action/package_search?", "returned HTTP 500 Internal Server Error", "gave up after 3 attempts");
        Assert.Equal(3, server.SearchRequests.Count); // the first try and two retries
        Assert.Equal(before, harvest.Engine.Datasets(includeDeleted: true).Select(d => (d.Guid, d.State, d.MetadataModified)).ToList());
        Assert.DoesNotContain("deleted", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Datasets_added_while_the_harvester_pages_are_neither_repeated_nor_make_it_miss_any()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(10));
        var added = 0;
        server.AfterPage = request =>
        {
            // After the first page, one dataset sorts before every other (shifting the pages) and one after.
            if (request.Start == 0 && Interlocked.Exchange(ref added, 1) == 0)
                server.Add(CkanServer.Package("a-new-first"), CkanServer.Package("z-new-last"));
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 4}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(11, report.Stats.Added);
        Assert.Equal(11, harvest.ObjectCount(report));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"p{i:000}"), "z-new-last"], harvest.Guids());
    }

    [Fact]
    public async Task A_server_that_ignores_start_is_detected_and_the_gather_fails_with_a_clear_message()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(10));
        server.IgnoreStart = true;
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 4}""");

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, "returned the same datasets for start=4 as for start=0: the server ignores paging");
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
        Assert.Equal(2, server.SearchRequests.Count);
    }

    [Fact]
    public async Task Paging_goes_on_until_a_page_comes_back_empty()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(8));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 4}""");
        var exact = await harvest.RunAsync();
        Assert.Equal(8, exact.Stats.Added);
        Assert.Equal([0, 4, 8], server.SearchRequests.Select(r => r.Start));

        // A site whose count is larger than what it really lists: the empty page ends the listing.
        await using var liar = await CkanServer.StartAsync();
        liar.Intercept = async (context, request) =>
        {
            var results = request.Start == 0 ? CkanTestKit.Generated(3, prefix: "l") : [];
            await CkanServer.WriteAsync(context, 200, new System.Text.Json.Nodes.JsonObject
            {
                ["success"] = true,
                ["result"] = new System.Text.Json.Nodes.JsonObject { ["count"] = 50, ["results"] = new System.Text.Json.Nodes.JsonArray(results) },
            });
            return true;
        };
        using var other = new TestHarvest();
        other.AddCkan(liar.BaseUrl, """{"page_size": 3}""");
        var report = await other.RunAsync();
        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(3, report.Stats.Added);
        Assert.Equal([0, 3], liar.SearchRequests.Select(r => r.Start));
        // Fewer than it counted: the listing is incomplete, so nothing would be deleted, and the report says why.
        Assert.Contains("reported 50 datasets but listed 3", Assert.Single(report.GatherWarnings).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Datasets_the_remote_no_longer_lists_are_deleted_only_with_delete_missing(bool deleteMissing)
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(5));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, $$"""{"delete_missing": {{(deleteMissing ? "true" : "false")}}, "force_all": true}""");
        await harvest.RunAsync();
        server.Remove("p001");
        server.Remove("p003");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(new JobStats { NotModified = 3, Deleted = deleteMissing ? 2 : 0 }, report.Stats);
        var active = deleteMissing ? new[] { "p000", "p002", "p004" } : ["p000", "p001", "p002", "p003", "p004"];
        Assert.Equal(active, harvest.Guids());
        Assert.Equal(5, harvest.Engine.Datasets(includeDeleted: true).Count);
    }

    [Fact]
    public async Task An_incremental_gather_never_deletes_even_with_delete_missing()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(4));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"delete_missing": true}""");
        await harvest.RunAsync();
        server.Remove("p002");
        server.Change("p000", p => p["title"] = "New");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(new JobStats { Updated = 1 }, report.Stats);
        Assert.Equal(4, harvest.Guids().Count);
    }

    [Fact]
    public async Task A_dataset_without_an_id_is_an_errored_object_and_the_others_are_imported()
    {
        await using var server = await CkanServer.StartAsync();
        var broken = CkanServer.Package("zz-broken");
        broken.Remove("id");
        server.Add(CkanTestKit.Generated(2));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);
        server.Intercept = async (context, request) =>
        {
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["success"] = true,
                ["result"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["count"] = 3,
                    ["results"] = request.Start == 0
                        ? new System.Text.Json.Nodes.JsonArray(CkanServer.Package("p000"), broken.DeepClone(), CkanServer.Package("p001"))
                        : new System.Text.Json.Nodes.JsonArray(),
                },
            };
            await CkanServer.WriteAsync(context, 200, body);
            return true;
        };

        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(1, report.Stats.Errored);
        Assert.Contains("dataset #2 of the listing (page start=0) has no id", Assert.Single(report.ObjectErrors).Errors[0].Message);
    }

    [Fact]
    public async Task A_catalog_of_several_full_pages_is_gathered_page_by_page_with_the_default_page_size()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(1500));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(1500, report.Stats.Added);
        Assert.Equal([(0, 1000), (1000, 1000), (1500, 1000)], server.SearchRequests.Select(r => (r.Start, r.Rows)));
    }

    [Fact]
    public async Task A_job_with_an_errored_object_is_not_the_base_of_the_next_incremental_harvest()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(2));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);
        var good = await harvest.RunAsync();
        var broken = CkanServer.Package("p000", title: "Broken");
        broken.Remove("title");
        broken.Remove("name");
        server.Intercept = async (context, request) =>
        {
            await CkanServer.WriteAsync(context, 200, new System.Text.Json.Nodes.JsonObject
            {
                ["success"] = true,
                ["result"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["count"] = 1,
                    ["results"] = request.Start == 0 ? new System.Text.Json.Nodes.JsonArray(broken.DeepClone()) : new System.Text.Json.Nodes.JsonArray(),
                },
            });
            return true;
        };
        var errored = await harvest.RunAsync();
        Assert.Equal(1, errored.Stats.Errored);
        Assert.Contains("has neither a title nor a name", Assert.Single(errored.ObjectErrors).Errors[0].Message);

        server.Intercept = null;
        server.ClearRequests();
        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        var since = good.Job.GatherStarted!.Value - CkanHarvester.IncrementalOverlap;
        Assert.All(server.SearchRequests, r => Assert.Contains(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), r.Fq));
    }

    [Fact]
    public async Task A_site_that_caps_rows_below_the_page_size_is_paged_by_what_it_returns()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(7));
        // As a site with ckan.search.rows_max = 3 would: rows above 3 are cut to 3.
        server.Intercept = async (context, request) =>
        {
            if (request.Rows <= 3) return false;
            context.Response.Redirect($"{context.Request.Path}?q=*:*&rows=3&start={request.Start}&sort={Uri.EscapeDataString(request.Sort ?? "")}");
            await Task.CompletedTask;
            return true;
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 5}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(7, report.Stats.Added);
        Assert.Equal([0, 0, 3, 3, 6, 6, 7, 7], server.SearchRequests.Select(r => r.Start));
    }
}
