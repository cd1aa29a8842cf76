using System.Text.Json.Nodes;
using Harvest.Engine.Model;
using Harvest.Engine.Preview;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>
/// Scenarios ckanext-harvest's own CKAN harvester tests check (harvest whilst datasets are added, remote harvest sources
/// skipped, remote groups looked up, config checks), re-created against an in-test CKAN API.
/// </summary>
public sealed class CkanPeerScenarioTests
{
    [Fact]
    public async Task Datasets_added_on_the_remote_while_the_gather_pages_are_harvested_too()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanServer.Package("dataset1"), CkanServer.Package("dataset2"));
        var added = 0;
        // The first page said count 2; two more datasets appear, sorting after it, before the second page is asked for.
        server.AfterPage = request =>
        {
            if (request.Start == 0 && Interlocked.Exchange(ref added, 1) == 0)
                server.Add(CkanServer.Package("dataset3"), CkanServer.Package("dataset4"));
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 2}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(4, report.Stats.Added);
        Assert.Equal(["dataset1", "dataset2", "dataset3", "dataset4"], harvest.Guids());
        Assert.Equal([0, 2, 4], server.SearchRequests.Select(r => r.Start));
    }

    [Fact]
    public async Task A_listing_shorter_than_the_remote_count_imports_what_it_got_deletes_nothing_and_says_so()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(5));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"delete_missing": true, "force_all": true, "page_size": 3}""");
        Assert.Equal(5, (await harvest.RunAsync()).Stats.Added);

        // A site whose index lost two datasets: it still counts 5, but its second page comes back empty.
        server.Intercept = async (context, request) =>
        {
            if (request.Start == 0) return false;
            await CkanServer.WriteAsync(context, 200, new JsonObject
            {
                ["success"] = true, ["result"] = new JsonObject { ["count"] = 5, ["results"] = new JsonArray() },
            });
            return true;
        };
        var short_ = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 3 }, short_.Stats);
        Assert.Equal(5, harvest.Engine.Datasets().Count);
        Assert.Contains("incomplete listing, nothing deleted", Assert.Single(short_.GatherWarnings).Message);
        Assert.Contains("reported 5 datasets but listed 3", short_.GatherWarnings[0].Message);
        Assert.Empty(short_.GatherErrors);
        // The warning is in the report the CLI prints too.
        var text = new StringWriter();
        Harvest.Cli.Output.TextTables.Report(text, short_);
        Assert.Contains("gather warnings:\n  incomplete listing, nothing deleted:", text.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_remote_harvest_source_is_skipped_not_imported_and_counted_in_the_log()
    {
        await using var server = await CkanServer.StartAsync();
        var source = CkanServer.Package("remote-source", title: "A harvest source of the remote site");
        source["type"] = "harvest";
        server.Add(CkanServer.Package("real-dataset"), source);
        var lines = new List<string>();
        using var harvest = new TestHarvest(output: new CollectingOutput(lines));
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();
        var preview = await harvest.Engine.Preview.PreviewSourceAsync("test-source");

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(["real-dataset"], harvest.Guids());
        Assert.Equal(1, harvest.ObjectCount(report));
        Assert.Contains(lines, l => l.Contains("skipped: 1 not datasets", StringComparison.Ordinal));
        var skipped = Assert.Single(preview.Records, r => r.Guid == "remote-source");
        Assert.Equal(PreviewAction.Skipped, skipped.Action);
        Assert.Equal("a harvest source of the remote site, not a dataset", skipped.Reason);
    }

    [Fact]
    public async Task With_create_a_group_the_remote_cannot_show_is_not_invented_and_one_it_shows_keeps_its_image()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanServer.Package("d1", organization: "org-a", groups: ["grp-x", "grp-gone"]));
        server.Unshowable.Add("grp-gone");
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"remote_groups": "create", "remote_orgs": "create"}""");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.Equal(["grp-x"], harvest.DatasetByGuid("d1").Groups);
        var group = Assert.Single(harvest.Engine.Store.ListGroups(organizations: false));
        Assert.Equal(("grp-x", "Group grp-x", $"{server.BaseUrl}/uploads/group/grp-x.png"), (group.Name, group.Title, group.ImageUrl));
        Assert.Equal($"{server.BaseUrl}/uploads/group/org-a.png", Assert.Single(harvest.Engine.Store.ListGroups(organizations: true)).ImageUrl);
        // Each group and organization was asked for once.
        Assert.Equal(3, server.Requests.Count(r => r.Path.EndsWith("_show", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{"default_tags": "a,b"}""", "'default_tags' must be a list of tags (strings, or objects with a \"name\"), not a single value")]
    [InlineData("""{"default_groups": "a"}""", "'default_groups' must be a list of group names (strings)")]
    [InlineData("""{"default_groups": [{"name": "a"}]}""", "'default_groups' must be a list of group names (strings)")]
    [InlineData("""{"user_agent": ""}""", "'user_agent' must be a non-empty string")]
    public void Config_lists_are_lists_as_ckanext_harvest_requires(string config, string message)
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddCkan("https://ckan.example", config));
        Assert.Equal([message], error.Errors);
    }
}
