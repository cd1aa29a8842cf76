using System.Text.Json.Nodes;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>The shared HTTP behaviour as the CKAN harvester meets it: retries, Retry-After, timeouts, rate limits; and the CLI.</summary>
public sealed class CkanHttpTests
{
    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_wait_it_asks_for()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(3));
        var refused = 0;
        server.Intercept = async (context, _) =>
        {
            if (Interlocked.Exchange(ref refused, 1) == 1) return false;
            context.Response.Headers.RetryAfter = "1";
            await CkanServer.WriteAsync(context, 429, new JsonObject { ["success"] = false });
            return true;
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(3, report.Stats.Added);
        var requests = server.SearchRequests;
        Assert.Equal(3, requests.Count); // the 429, its retry, and the empty last page
        // A lower bound only: the retry waited at least what Retry-After asked (1 s), far above the 10 ms backoff the tests configure.
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Too_many_429s_end_the_gather_with_an_error_naming_the_url_and_status()
    {
        await using var server = await CkanServer.StartAsync();
        server.Intercept = async (context, _) =>
        {
            await CkanServer.WriteAsync(context, 429, new JsonObject { ["success"] = false });
            return true;
        };
        using var harvest = new TestHarvest(s => s with { HttpRetries = 1 });
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.BaseUrl}/api/3/action/package_search?", "returned HTTP 429 Too Many Requests (gave up after 2 attempts)");
        Assert.Equal(2, server.SearchRequests.Count);
    }

    private static async Task<bool> StallAsync(HttpContext context)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); }
        catch (OperationCanceledException) { }
        return true;
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_a_gather_error_after_the_retries()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(2));
        server.Intercept = (context, _) => StallAsync(context);
        using var harvest = new TestHarvest(s => s with { HttpTimeoutSeconds = 1, HttpRetries = 1 });
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.BaseUrl}/api/3/action/package_search?", "timed out after 1 s (gave up after 2 attempts)");
        Assert.Equal(2, server.SearchRequests.Count);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task A_server_slow_once_is_retried_and_the_harvest_succeeds()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(2));
        var stalled = 0;
        server.Intercept = (context, _) => Interlocked.Exchange(ref stalled, 1) == 0 ? StallAsync(context) : Task.FromResult(false);
        using var harvest = new TestHarvest(s => s with { HttpTimeoutSeconds = 1 });
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(3, server.SearchRequests.Count); // the stalled first page, its retry, and the empty last page
    }

    [Fact]
    public async Task The_rate_limit_spaces_the_requests_to_one_site()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(10));
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"page_size": 2, "rate_limit": 5}""");

        var report = await harvest.RunAsync();

        CkanTestKit.AssertNoErrors(report);
        var requests = server.SearchRequests;
        Assert.Equal(6, requests.Count); // five pages and the empty one that ends the listing
        // A lower bound only, measured where the requests arrive: at 5 per second, six requests are sent over at least 1000 ms;
        // the bound leaves 300 ms for the first request to arrive later than it was sent (connecting).
        var span = requests[^1].At - requests[0].At;
        Assert.True(span >= TimeSpan.FromMilliseconds(700), $"six requests within {span.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Every_request_names_Harvest_in_its_User_Agent_and_accepts_gzip()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(1));
        string? userAgent = null, encoding = null;
        server.Intercept = (context, _) =>
        {
            userAgent = context.Request.Headers.UserAgent.ToString();
            encoding = context.Request.Headers.AcceptEncoding.ToString();
            return Task.FromResult(false);
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl);

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.StartsWith("Harvest/", userAgent);
        Assert.Contains("gzip", encoding);
    }

    [Fact]
    public async Task A_source_user_agent_is_sent_instead_of_Harvests_own()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(1));
        var userAgents = new System.Collections.Concurrent.ConcurrentBag<string>();
        server.Intercept = (context, _) =>
        {
            userAgents.Add(context.Request.Headers.UserAgent.ToString());
            return Task.FromResult(false);
        };
        using var harvest = new TestHarvest();
        harvest.AddCkan(server.BaseUrl, """{"user_agent": "CityPortal-Harvester/2.0 (+https://data.city.example)"}""");

        CkanTestKit.AssertNoErrors(await harvest.RunAsync());

        Assert.NotEmpty(userAgents);
        Assert.All(userAgents, ua => Assert.Equal("CityPortal-Harvester/2.0 (+https://data.city.example)", ua));
    }

    [Fact]
    public async Task A_response_over_the_size_cap_is_a_gather_error()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(40));
        using var harvest = new TestHarvest(s => s with { MaxDocumentBytes = 4000 });
        harvest.AddCkan(server.BaseUrl);

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.BaseUrl}/api/3/action/package_search?", "larger than the size cap of 4,000 bytes (setting max_document_bytes)");
    }

    [Fact]
    public async Task Harvesters_info_lists_ckan_with_its_config_keys()
    {
        using var cli = new CliRunner();

        var (result, harvesters) = await cli.RunJsonAsync("harvesters-info");
        var text = await cli.RunAsync("harvesters-info");

        CliJson.AssertExit(0, result);
        var ckan = Assert.Single(CliJson.Items(harvesters), h => CliJson.Text(h, "name") == "ckan");
        CliJson.AssertNonEmptyString(ckan, "title");
        CliJson.AssertNonEmptyString(ckan, "description");
        var keys = CliJson.Items(ckan.GetProperty("config")).Select(k => CliJson.Text(k, "key")).ToList();
        string[] expected =
        [
            "api_version", "default_tags", "default_groups", "default_extras", "override_extras", "user", "api_key", "read_only", "force_all",
            "remote_groups", "remote_orgs", "clean_tags", "organizations_filter_include", "organizations_filter_exclude", "groups_filter_include",
            "groups_filter_exclude", "delete_missing", "include_private", "page_size", "rate_limit", "user_agent",
            // every type's
            "notification_emails", "max_delete_percent", "force_delete", "conditional_get",
        ];
        Assert.Equal(expected.Order(), keys.Order());
        Assert.Contains("config default_extras (object of strings)", text.Stdout);
        Assert.Contains("ckan: CKAN", text.Stdout);
    }

    [Fact]
    public async Task The_cli_creates_shows_and_runs_a_ckan_source_without_ever_printing_its_api_key()
    {
        await using var server = await CkanServer.StartAsync();
        server.ApiKey = "cli-secret-key-42";
        server.Add(CkanTestKit.Generated(2));
        server.Add(CkanServer.Package("hidden", isPrivate: true));
        using var cli = new CliRunner();

        var created = await cli.RunAsync("source", "create", "remote", server.BaseUrl, "ckan", "--config", """{"api_key": "cli-secret-key-42", "include_private": true}""", "--json");
        var (shownJson, source) = await cli.RunJsonAsync("source", "show", "remote");
        var shownText = await cli.RunAsync("source", "show", "remote");
        var list = await cli.RunAsync("sources", "--json");
        var (run, report) = await cli.RunJsonAsync("run-test", "remote", "--verbose");

        CliJson.AssertExit(0, created);
        CliJson.AssertExit(0, shownJson);
        Assert.Equal("***", source.GetProperty("config").GetProperty("api_key").GetString());
        Assert.Contains("\"api_key\":\"***\"", shownText.Stdout);
        CliJson.AssertExit(0, run);
        Assert.Equal([3, 0, 0, 0, 0], CliJson.Stats(report));
        foreach (var output in new[] { created.Stdout, created.Stderr, shownJson.Stdout, shownText.Stdout, list.Stdout, run.Stdout, run.Stderr })
            Assert.DoesNotContain("cli-secret-key-42", output);
    }
}
