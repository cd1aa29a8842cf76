using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>
/// Source URLs are checked when a source is created or changed (http, https, file: and local paths only), and redirects
/// a harvest will not follow are gather errors saying so (issue 18, item 4).
/// </summary>
public sealed class SourceUrlTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData("http://", "has no host")]
    [InlineData("https://", "has no host")]
    [InlineData("http://[::1", "has no host")]
    [InlineData("http://[::1/data.json", "has no host")]
    [InlineData("http://example.org:70000/data.json", "has the port 70000, outside 1-65535")]
    [InlineData("https://example.org:99999999999/", "has the port 99999999999, outside 1-65535")]
    [InlineData("ftp://example.org/data.json", "the scheme 'ftp:'")]
    [InlineData("javascript:alert(1)", "the scheme 'javascript:'")]
    [InlineData("data:application/json,{}", "the scheme 'data:'")]
    [InlineData("   ", "url must not be empty")]
    public async Task Source_create_refuses_a_url_that_is_not_http_https_or_a_file(string url, string reason)
    {
        var result = await _runner.RunAsync("source", "create", "bad-url", url, "datajson", "--json");
        CliJson.AssertFailedWithoutJson(result, 2, reason);
        Assert.DoesNotContain("   at ", result.Stderr);
        var (listed, sources) = await _runner.RunJsonAsync("sources", "--all");
        CliJson.AssertExit(0, listed);
        Assert.Empty(CliJson.Items(sources));
    }

    [Theory]
    [InlineData("ftp://example.org/data.json", "the scheme 'ftp:'")]
    [InlineData("http://", "has no host")]
    public async Task Source_update_and_harvest_refuse_them_too(string url, string reason)
    {
        var catalog = _runner.WriteCatalog("c.data.json", DataJsonBuilder.Record("a", "Alpha"));
        await _runner.CreateSourceAsync("good", catalog);
        CliJson.AssertFailedWithoutJson(await _runner.RunAsync("source", "update", "good", "--url", url, "--json"), 2, reason);
        var (_, shown) = await _runner.RunJsonAsync("source", "show", "good");
        Assert.Equal(catalog, CliJson.Text(shown, "url"));
        CliJson.AssertFailedWithoutJson(await _runner.RunAsync("harvest", url, "--json"), 2, reason);
    }

    [Theory]
    [InlineData("https://example.org/data.json")]
    [InlineData("http://127.0.0.1:8080/catalog")]
    [InlineData("http://[::1]:8080/catalog")]
    [InlineData("file:///srv/catalogs/data.json")]
    [InlineData("/srv/catalogs/data.json")]
    [InlineData("relative/data.json")]
    public void Http_https_file_urls_and_paths_are_accepted(string url) => Assert.Null(SourceUrls.Problem(url));

    [Theory]
    [InlineData("ftp://files.example.org/catalog.json", "ftp://files.example.org/catalog.json, which is not an http or https URL")]
    [InlineData("javascript:alert(1)", "javascript:alert(1), which is not an http or https URL")]
    [InlineData("file:///etc/passwd", "file:///etc/passwd, which is not an http or https URL")]
    public async Task A_redirect_to_another_scheme_is_a_gather_error_naming_both_urls(string location, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/data.json");
        var report = await harvest.RunAsync();
        var error = Assert.Single(report.GatherErrors).Message;
        Assert.Contains($"GET {server.BaseUrl}/data.json was redirected to {expected}", error);
        Assert.Equal(0, report.Stats.Added);
    }

    [Fact]
    public async Task Too_many_redirects_are_a_gather_error_saying_so()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            var hop = int.Parse(context.Request.Query["hop"].FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"/data.json?hop={hop + 1}";
            return Task.CompletedTask;
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/data.json");
        var report = await harvest.RunAsync();
        var error = Assert.Single(report.GatherErrors).Message;
        Assert.Contains($"GET {server.BaseUrl}/data.json: too many redirects (more than 10; the last one to {server.BaseUrl}/data.json?hop=11)", error);
        Assert.Equal(11, server.RequestCount);
    }

    [Fact]
    public async Task A_redirect_within_the_limit_is_followed()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/old.json")
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/data.json";
                return;
            }
            context.Response.ContentType = "application/json";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/old.json");
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(1, report.Stats.Added);
    }
}
