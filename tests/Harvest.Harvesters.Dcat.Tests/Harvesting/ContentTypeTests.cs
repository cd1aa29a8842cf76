using System.Text;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// The fixtures served over HTTP under the URL /catalog (no file name to go by) with honest, vague and wrong
/// Content-Types: the Content-Type tells the syntax when it names one, the first bytes otherwise, and rdf_format
/// overrides both.
/// </summary>
public sealed class ContentTypeTests
{
    private static async Task<LoopbackServer> ServeAsync(string fixture, string contentType) =>
        await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(Fixtures.Path("dcat/" + fixture)), context.RequestAborted);
        });

    [FixtureTheory]
    [InlineData("w3c-dcat3/basic-example.ttl", "text/turtle; charset=utf-8")]
    [InlineData("w3c-dcat3/basic-example.rdf", "application/rdf+xml")]
    [InlineData("w3c-dcat3/basic-example.jsonld", "application/ld+json")]
    [InlineData("dcat-ap-3/dcat-ap-2.1.1-example1.nt", "application/n-triples")]
    [InlineData("w3c-dcat3/basic-example.ttl", "text/plain")]
    [InlineData("w3c-dcat3/basic-example.rdf", "application/octet-stream")]
    [InlineData("w3c-dcat3/basic-example.jsonld", "text/plain")]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.json", "application/json")]
    public async Task A_served_catalog_is_read_by_its_content_type_or_its_first_bytes(string fixture, string contentType)
    {
        await using var server = await ServeAsync(fixture, contentType);
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog", DcatTestKit.ConfigWithDcatUsContext());
        using var _ = harvest;
        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
    }

    [FixtureFact]
    public async Task Rdf_format_overrides_a_wrong_content_type()
    {
        await using var server = await ServeAsync("w3c-dcat3/basic-example.ttl", "application/rdf+xml");
        var (harvest, wrong) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog");
        using (harvest)
            Assert.StartsWith($"{server.BaseUrl}/catalog is not valid rdf/xml: line 1", Assert.Single(wrong.GatherErrors).Message);

        var (forced, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog", """{"rdf_format": "text/turtle"}""");
        using var _ = forced;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
    }

    [Fact]
    public async Task An_html_page_is_a_gather_error_saying_so()
    {
        await using var server = await LoopbackServer.ServingAsync("<!DOCTYPE html><html><body>Portal</body></html>", contentType: "text/html");
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog");
        using var _ = harvest;
        Assert.Equal($"{server.BaseUrl}/catalog is an HTML page (Content-Type text/html), not RDF; set rdf_format if it really is RDF",
            Assert.Single(report.GatherErrors).Message);
    }

    [Fact]
    public async Task Bytes_that_look_like_no_rdf_syntax_are_a_gather_error_asking_for_rdf_format()
    {
        await using var server = await LoopbackServer.ServingAsync("just some words", contentType: "text/plain");
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog");
        using var _ = harvest;
        Assert.Equal($"cannot tell the RDF syntax of {server.BaseUrl}/catalog (Content-Type text/plain): set rdf_format to turtle, n-triples, rdf/xml or json-ld",
            Assert.Single(report.GatherErrors).Message);
    }

    [Fact]
    public async Task A_json_ld_page_naming_an_unknown_remote_context_is_a_gather_error_naming_it_and_nothing_is_fetched()
    {
        var requests = new List<string>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            lock (requests) requests.Add(context.Request.Path);
            context.Response.ContentType = "application/ld+json";
            var body = $$"""{"@context": "{{"http://" + context.Request.Host + "/context.jsonld"}}", "@id": "http://example.test/d", "@type": "Dataset"}""";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
        });
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog.jsonld");
        using var _ = harvest;
        var error = Assert.Single(report.GatherErrors).Message;
        Assert.Equal($"{server.BaseUrl}/catalog.jsonld: the JSON-LD remote context {server.BaseUrl}/context.jsonld is not known: remote contexts are never " +
            "fetched; map it to a local copy in the source config's jsonld_contexts", error);
        Assert.Equal(["/catalog.jsonld"], requests);
    }

    [Fact]
    public async Task A_blank_node_dataset_without_identifier_is_an_errored_record_and_the_rest_import()
    {
        await using var server = await LoopbackServer.ServingAsync("""
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            [] a dcat:Dataset ; dct:title "Anonymous" .
            [] a dcat:Dataset ; dct:title "Keyed" ; dct:identifier "keyed-1" .
            """, contentType: "text/turtle");
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.BaseUrl + "/catalog");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        Assert.Equal("Keyed", DcatTestKit.Dataset(harvest, "keyed-1").Title);
        Assert.Equal($"dataset #1 of page {server.BaseUrl}/catalog ('Anonymous') is a blank node without dct:identifier: it has no key to be recognised by across harvests",
            Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message);
    }
}
