using System.Text.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Harvest.Web.Tests.Browser;

/// <summary>The dashboard in a real browser: what a person sees and does.</summary>
public sealed class DashboardBrowserTests
{
    [BrowserFact]
    public async Task The_sources_page_lists_a_harvested_source_with_its_datasets()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "parks.data.json", Catalogs.Record("a", "Alpha"), Catalogs.Record("b", "Beta"), Catalogs.Record("c", "Gamma"));
        using (var engine = server.OpenEngine())
        {
            engine.Sources.Create(new NewSourceRequest { Name = "city-parks", Url = catalog, Type = "datajson", Title = "City parks", Frequency = HarvestFrequency.Daily });
            await engine.Jobs.RunNowAsync("city-parks");
            engine.Sources.Create(new NewSourceRequest { Name = "road-works", Url = "https://data.example.org/api/3", Type = "ckan", Title = "Road works", Frequency = HarvestFrequency.Weekly });
            engine.Jobs.Create("road-works");
        }
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl);
        await browser.Page.GotoAsync("/");
        var row = browser.Page.Locator("tr", new() { HasText = "City parks" });
        await Expect(row).ToContainTextAsync("datajson");
        await Expect(row).ToContainTextAsync("Daily");
        await Expect(row).ToContainTextAsync("Finished");
        await Expect(row.Locator("td.n")).ToHaveTextAsync("3");
        var waiting = browser.Page.Locator("tr", new() { HasText = "Road works" });
        await Expect(waiting).ToContainTextAsync("New");
        await Expect(waiting.Locator("progress")).ToHaveCountAsync(1);
        await Expect(waiting.Locator("td.n")).ToHaveTextAsync("0");
        await browser.ScreenshotAsync("sources");

        await browser.Page.ClickAsync("text=City parks");
        await Expect(browser.Page.Locator("#datasets")).ToContainTextAsync("Gamma");
        await browser.ScreenshotAsync("source");
    }

    [BrowserFact]
    public async Task A_harvest_started_from_the_page_finishes_and_its_counts_appear()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "roads.data.json", Catalogs.Record("r1", "Road Works"), Catalogs.Record("r2", "Road Closures"));
        using (var engine = server.OpenEngine())
            engine.Sources.Create(new NewSourceRequest { Name = "roads", Url = catalog, Type = "datajson", Title = "Roads" });
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl);
        await browser.LogInAsync(WebTestServer.Token);
        await browser.Page.GotoAsync("/source/roads");
        await browser.Page.ClickAsync("button:has-text('Harvest now')");
        await Expect(browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/job/"));
        await Expect(browser.Page.Locator("h1 .status")).ToHaveTextAsync("Finished");
        await Expect(browser.Page.Locator("#counts tbody td").First).ToHaveTextAsync("2");
        await browser.ScreenshotAsync("job");
        await browser.Page.GotoAsync("/");
        await Expect(browser.Page.Locator("tr", new() { HasText = "Roads" }).Locator("td.n")).ToHaveTextAsync("2");
    }

    [BrowserFact]
    public async Task An_orphaned_dataset_is_re_published_from_the_source_page()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "trees.data.json", Catalogs.Record("t1", "Street Trees"), Catalogs.Record("t2", "Tree Felling"));
        using (var engine = server.OpenEngine())
        {
            engine.Sources.Create(new NewSourceRequest { Name = "trees", Url = catalog, Type = "datajson" });
            await engine.Jobs.RunNowAsync("trees");
            Catalogs.Write(server.Folder, "trees.data.json", Catalogs.Record("t1", "Street Trees"));
            Assert.Equal(1, (await engine.Jobs.RunNowAsync("trees")).Stats.Deleted);
        }
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl);
        await browser.LogInAsync(WebTestServer.Token);
        await browser.Page.GotoAsync("/source/trees?datasets=orphaned");
        var orphan = browser.Page.Locator("#datasets tr", new() { HasText = "Tree Felling" });
        await Expect(orphan).ToContainTextAsync("orphaned");
        await browser.ScreenshotAsync("orphans");
        await orphan.Locator("button:has-text('Re-publish')").ClickAsync();
        await Expect(browser.Page.Locator("#datasets")).ToContainTextAsync("None.");
        await Expect(browser.Page.Locator(".filters")).ToContainTextAsync("Active (2)");
        using var check = server.OpenEngine();
        Assert.Equal(DatasetState.Active, check.Dataset("tree-felling").State);
    }

    [BrowserFact]
    public async Task A_form_with_a_bad_config_shows_the_message_and_keeps_what_was_typed()
    {
        await using var server = await WebTestServer.StartAsync();
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl);
        await browser.LogInAsync(WebTestServer.Token);
        await browser.Page.GotoAsync("/sources/new");
        await browser.Page.FillAsync("#name", "elections");
        await browser.Page.FillAsync("#url", "https://example.org/data.json");
        await browser.Page.SelectOptionAsync("#type", "datajson");
        await browser.Page.FillAsync("#config", """{"filters": {"keyword": []}, "colour": "red"}""");
        await browser.Page.ClickAsync("button:has-text('Create source')");
        var errors = browser.Page.Locator("#errors");
        await Expect(errors).ToContainTextAsync("invalid source config");
        await Expect(errors).ToContainTextAsync("colour");
        await Expect(browser.Page.Locator("#name")).ToHaveValueAsync("elections");
        await browser.ScreenshotAsync("bad-config");
        using var engine = server.OpenEngine();
        Assert.Empty(engine.Sources.List(includeInactive: true));
    }

    [BrowserFact]
    public async Task A_hostile_title_renders_as_text()
    {
        const string hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=1</script>Parks";
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "evil.data.json", Catalogs.Record("x1", hostile, publisher: "<b>Evil</b>"));
        using (var engine = server.OpenEngine())
        {
            engine.Sources.Create(new NewSourceRequest { Name = "evil", Url = catalog, Type = "datajson", Title = hostile });
            await engine.Jobs.RunNowAsync("evil");
        }
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl);
        foreach (var path in new[] { "/", "/source/evil" })
        {
            await browser.Page.GotoAsync(path);
            await Expect(browser.Page.Locator("main")).ToContainTextAsync("<script>window.pwned=1</script>Parks");
            Assert.Equal(0, await browser.Page.Locator("main img, main script, main b").CountAsync());
            Assert.Equal("undefined", await browser.Page.EvaluateAsync<string>("typeof window.pwned"));
        }
    }
}
