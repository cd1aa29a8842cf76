using System.Text.Json;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>The stock `harvester` tool with the csw and waf types, run in-process.</summary>
public sealed class GeoCliTests
{
    private static readonly DateTime Day = new(2026, 3, 1, 8, 30, 0);

    private static int Stat(JsonElement report, string key) => report.GetProperty("stats").GetProperty(key).GetInt32();

    [Fact]
    public async Task Harvest_with_type_waf_creates_the_source_then_reports_every_file_not_modified()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Put("/waf/a.xml", IsoXmlBuilder.Record(id: "a", title: "Alpha"), Day);
        waf.Put("/waf/sub/b.xml", IsoXmlBuilder.Record(id: "b", title: "Beta"), Day);
        using var cli = new CliRunner();

        var (first, report) = await cli.RunJsonAsync("harvest", waf.Url("/waf/"), "--type", "waf", "--name", "folder");
        waf.ResetCounts();
        var (second, again) = await cli.RunJsonAsync("harvest", waf.Url("/waf/"), "--type", "waf");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(2, Stat(report, "added"));
        Assert.Equal(2, Stat(again, "notModified"));
        Assert.Equal(report.GetProperty("sourceId").GetString(), again.GetProperty("sourceId").GetString());
        Assert.Empty(waf.FileRequests);
    }

    [Fact]
    public async Task Preview_of_a_csw_url_lists_each_record_and_saves_nothing()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(3));
        using var cli = new CliRunner();

        var (result, json) = await cli.RunJsonAsync("preview", "--url", csw.Url, "--type", "csw", "--config", """{"page_size": 2}""");
        var sources = await cli.RunAsync("sources");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var records = json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["rec-1", "rec-2", "rec-3"], records.Select(r => r.GetProperty("guid").GetString()));
        Assert.All(records, r => Assert.Equal("create", r.GetProperty("action").GetString()));
        Assert.Equal([1, 3], csw.GetRecordsRequests.Select(r => r.StartPosition));
        Assert.DoesNotContain(csw.Url, sources.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Harvesters_info_lists_csw_and_waf_with_their_config_keys()
    {
        using var cli = new CliRunner();

        var (result, json) = await cli.RunJsonAsync("harvesters-info");
        var text = await cli.RunAsync("harvesters-info");

        Assert.Equal(0, result.ExitCode);
        var types = json.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Contains("cql", types["csw"].GetProperty("config").EnumerateArray().Select(k => k.GetProperty("key").GetString()));
        Assert.Contains("max_depth", types["waf"].GetProperty("config").EnumerateArray().Select(k => k.GetProperty("key").GetString()));
        Assert.Contains("csw: CSW (ISO 19139)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("waf: WAF (ISO 19139)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("config page_size (integer): Records asked for per GetRecords page", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_create_refuses_a_bad_csw_config_naming_each_bad_key()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("source", "create", "geo", "https://geo.example.org/csw", "csw", "--config", """{"page_size": 5000, "max_depth": 2}""");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'page_size' must be a whole number from 1 to 1000", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown key 'max_depth'", result.Stderr, StringComparison.Ordinal);
    }
}
