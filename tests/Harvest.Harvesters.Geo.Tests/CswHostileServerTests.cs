using Harvest.Engine.Model;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>
/// CSW servers that get paging wrong, break a page or fail mid-way: the gather never loops, loses only what it cannot
/// read, and deletes nothing after a listing it could not complete.
/// </summary>
public sealed class CswHostileServerTests
{
    private const string DeleteMissing = """{"page_size": 5, "delete_missing": true}""";

    [Fact]
    public async Task A_nextRecord_that_never_advances_is_not_followed_and_every_record_is_still_listed()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(12));
        csw.NextRecord = (_, _) => 1;
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 12 }, report.Stats);
        Assert.Equal([1, 6, 11], csw.GetRecordsRequests.Select(r => r.StartPosition));
        Assert.Contains(harvest.Log.Warnings, w => w.Contains("nextRecord=1 for startPosition=6, which does not advance", StringComparison.Ordinal));
        Assert.Empty(report.GatherWarnings);
    }

    [Fact]
    public async Task A_server_that_ignores_startPosition_is_read_once_and_the_gather_deletes_nothing()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(12));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);
        Assert.Equal(new JobStats { Added = 12 }, (await harvest.RunAsync()).Stats);

        csw.IgnoreStartPosition = true;
        var asked = csw.GetRecordsRequests.Count();
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 5 }, report.Stats);
        Assert.Equal([1, 6], csw.GetRecordsRequests.Skip(asked).Select(r => r.StartPosition));
        Assert.Equal(12, harvest.Datasets().Count);
        Assert.Equal($"incomplete listing, nothing deleted: the CSW server at {csw.Url} returned the same records for startPosition=6 as for startPosition=1 (it ignores startPosition)",
            Assert.Single(report.GatherWarnings).Message);
    }

    [Fact]
    public async Task A_nextRecord_beyond_numberOfRecordsMatched_ends_the_listing_and_what_was_not_listed_is_kept()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(12));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);
        await harvest.RunAsync();

        csw.NextRecord = (_, _) => 100;
        var asked = csw.GetRecordsRequests.Count();
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 5 }, report.Stats);
        Assert.Equal([1], csw.GetRecordsRequests.Skip(asked).Select(r => r.StartPosition));
        Assert.Equal(12, harvest.Datasets().Count);
        Assert.Equal($"incomplete listing, nothing deleted: the CSW server at {csw.Url} matched 12 records but listed 5 distinct ones",
            Assert.Single(report.GatherWarnings).Message);
    }

    [Fact]
    public async Task A_page_cut_off_mid_record_is_read_again_in_halves_so_only_that_record_errs_and_nothing_is_deleted()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(12));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);
        Assert.Equal(new JobStats { Added = 12 }, (await harvest.RunAsync()).Stats);
        csw.Records[7] = CswCatalog.Made("rec-8", "Record 8, revised");
        csw.Records.RemoveAt(11);
        csw.Records.Add(CswCatalog.Made("rec-13", "Record 13"));

        csw.TruncateRecordAt = 8;
        var report = await harvest.RunAsync();

        // rec-12 left the catalogue but is not deleted: the listing lost a record, so it is incomplete.
        Assert.Equal(new JobStats { Added = 1, NotModified = 10, Errored = 1 }, report.Stats);
        var lost = Assert.Single(report.ObjectErrors);
        Assert.Equal("", lost.Guid);
        Assert.StartsWith("the record at position 8 of the listing could not be read: the record is not well-formed XML: Unexpected end of file", lost.Errors[0].Message);
        Assert.Equal(
            [(1, 5), (6, 5), (6, 2), (8, 3), (8, 1), (9, 2), (11, 5)],
            csw.GetRecordsRequests.Skip(3).Select(r => (r.StartPosition, r.MaxRecords)));
        Assert.Equal(13, harvest.Datasets().Count);
        Assert.Equal("Record 8", harvest.Datasets().Single(d => d.Guid == "rec-8").Title);
        Assert.Equal($"incomplete listing, nothing deleted: 1 record(s) of the CSW listing at {csw.Url} could not be read", Assert.Single(report.GatherWarnings).Message);

        csw.TruncateRecordAt = null;
        var healed = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 1, NotModified = 11, Deleted = 1 }, healed.Stats);
        Assert.Equal("Record 8, revised", harvest.Datasets().Single(d => d.Guid == "rec-8").Title);
    }

    [Fact]
    public async Task A_500_on_page_3_is_a_gather_error_that_deletes_nothing_and_loses_nothing_already_stored()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(14));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);
        var good = await harvest.RunAsync();
        Assert.Equal(new JobStats { Added = 14 }, good.Stats);
        var before = harvest.Datasets().Select(d => (d.Guid, d.Title, d.MetadataModified)).ToList();

        csw.Records.RemoveAt(0);
        csw.FailStartPosition = 11;
        var asked = csw.GetRecordsRequests.Count();
        var failed = await harvest.RunAsync();

        var error = Assert.Single(failed.GatherErrors);
        Assert.Contains($"POST {csw.Url} returned HTTP 500 Internal Server Error (gave up after 3 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 6, 11, 11, 11], csw.GetRecordsRequests.Skip(asked).Select(r => r.StartPosition));
        Assert.Equal(0, failed.Stats.Total);
        Assert.Equal(before, harvest.Datasets().Select(d => (d.Guid, d.Title, d.MetadataModified)).ToList());
        Assert.Equal(14, harvest.Objects(good.JobId).Count(o => o.Current));
    }

    [Theory]
    [InlineData("<html><body><p>Service down<br></body></html>", "the response is html, not a csw:GetRecordsResponse")]
    [InlineData("Service down for maintenance", "the response is not a CSW GetRecords response: Data at the root level is invalid")]
    public async Task A_page_that_is_not_a_CSW_response_is_a_gather_error_after_one_request(string body, string message)
    {
        await using var server = await LoopbackServer.ServingAsync(body, contentType: "text/html");
        using var harvest = new GeoHarvest();
        harvest.AddSource(server.BaseUrl + "/csw", "csw");

        var report = await harvest.RunAsync();

        Assert.Contains(message, Assert.Single(report.GatherErrors).Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(0, report.Stats.Total);
    }

    [Fact]
    public async Task A_server_whose_every_page_breaks_is_split_down_to_single_records_once_then_ends_with_a_gather_error()
    {
        const string broken = """<?xml version="1.0"?><csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:gmd="http://www.isotc211.org/2005/gmd"><csw:SearchResults numberOfRecordsMatched="40" numberOfRecordsReturned="4" nextRecord="5"><gmd:MD_Metadata><gmd:fileIdentifier>""";
        await using var server = await LoopbackServer.ServingAsync(broken, contentType: "application/xml");
        using var harvest = new GeoHarvest();
        harvest.AddSource(server.BaseUrl + "/csw", "csw", """{"page_size": 4}""");

        var report = await harvest.RunAsync();

        // (1,4), (1,2), (1,1), (2,1), (3,2), (3,1), (4,1): then no response ever told how many records there are.
        Assert.Equal(7, server.RequestCount);
        Assert.StartsWith("no GetRecords response of ", Assert.Single(report.GatherErrors).Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Stats.Total);
    }

    [Fact]
    public async Task A_catalogue_that_suddenly_lists_nothing_deletes_nothing_unless_force_delete()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(3));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", DeleteMissing);
        await harvest.RunAsync();

        csw.Records.Clear();
        var refused = await harvest.RunAsync();

        Assert.StartsWith("the source listed no records, so all 3 of its active datasets would be deleted: nothing was deleted",
            Assert.Single(refused.GatherErrors).Message, StringComparison.Ordinal);
        Assert.Equal(3, harvest.Datasets().Count);
        Assert.Contains(harvest.Log.Warnings, w => w == $"the CSW server at {csw.Url} lists no records");

        harvest.Engine.Sources.Update(GeoHarvest.SourceName, new Harvest.Engine.Sources.SourceUpdateRequest { Config = """{"page_size": 5, "delete_missing": true, "force_delete": true}""" });
        Assert.Equal(new JobStats { Deleted = 3 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public async Task A_CSW_exception_report_is_a_gather_error_quoting_the_server()
    {
        const string report = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.2.0">
              <ows:Exception exceptionCode="InvalidParameterValue" locator="outputschema">
                <ows:ExceptionText>Invalid outputSchema parameter value: http://www.isotc211.org/2005/gmd</ows:ExceptionText>
              </ows:Exception>
            </ows:ExceptionReport>
            """;
        await using var server = await LoopbackServer.ServingAsync(report, contentType: "application/xml");
        using var harvest = new GeoHarvest();
        harvest.AddSource(server.BaseUrl + "/csw", "csw");

        var job = await harvest.RunAsync();

        Assert.EndsWith("the CSW server answered with an exception: InvalidParameterValue: outputschema: Invalid outputSchema parameter value: http://www.isotc211.org/2005/gmd",
            Assert.Single(job.GatherErrors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_is_retried_with_the_same_request_body()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(3));
        csw.TransientFailures = 2;
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 3 }, report.Stats);
        Assert.Equal(3, csw.GetRecordsRequests.Count());
        Assert.All(csw.GetRecordsRequests, r => Assert.Equal((1, 10, "full"), (r.StartPosition, r.MaxRecords, r.ElementSetName)));
    }

    [Fact]
    public async Task A_record_with_5000_keywords_is_an_error_naming_the_count_and_max_keywords_lets_it_in()
    {
        var keywords = Enumerable.Range(1, 5000).Select(i => $"keyword {i}").ToList();
        await using var csw = await PycswServer.StartAsync([CswCatalog.Made("plain", "Plain"), CswCatalog.Made("tagged", "Tagged", keywords)]);
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");
        harvest.AddSource(csw.Url + "?roomy", "csw", """{"max_keywords": 5000}""", name: "roomy");

        var report = await harvest.RunAsync();
        var roomy = await harvest.RunAsync("roomy");

        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        var error = Assert.Single(report.ObjectErrors);
        Assert.Equal("tagged", error.Guid);
        Assert.Equal(HarvestStage.Import, error.Stage);
        Assert.Equal("record 'tagged': the record has 5,000 keywords, over the limit of 1,000", error.Errors[0].Message);
        Assert.Equal(new JobStats { Added = 2 }, roomy.Stats);
        Assert.Equal(5000, harvest.Datasets(source: "roomy").Single(d => d.Guid == "tagged").Tags.Count);
    }

    [Fact]
    public async Task An_external_entity_is_never_fetched_and_only_the_record_using_it_is_lost()
    {
        await using var canary = await LoopbackServer.ServingAsync("secret", contentType: "text/plain");
        var records = CswCatalog.Made(4);
        records[2] = new CswTestRecord("rec-3", records[2].Xml.Replace("Record 3", "&xxe;", StringComparison.Ordinal));
        await using var csw = await PycswServer.StartAsync(records);
        csw.Prolog = $"\n<!DOCTYPE csw:GetRecordsResponse [<!ENTITY xxe SYSTEM \"{canary.BaseUrl}/secret\">]>";
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");

        var report = await harvest.RunAsync();

        Assert.Equal(0, canary.RequestCount);
        Assert.Equal(new JobStats { Added = 3, Errored = 1 }, report.Stats);
        Assert.Contains("position 3", Assert.Single(report.ObjectErrors).Errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harvest.Datasets(), d => d.Title.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_external_DTD_is_ignored_and_the_page_harvests_normally_without_fetching_it()
    {
        await using var canary = await LoopbackServer.ServingAsync("<!ENTITY title \"injected\">", contentType: "application/xml-dtd");
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(2));
        csw.Prolog = $"\n<!DOCTYPE csw:GetRecordsResponse SYSTEM \"{canary.BaseUrl}/csw.dtd\">";
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2 }, report.Stats);
        Assert.Equal(0, canary.RequestCount);
    }

    [Fact]
    public async Task Mapping_warnings_are_logged_naming_the_record()
    {
        var box = IsoXmlBuilder.Box("30", "20", "10", "40");
        await using var csw = await PycswServer.StartAsync(
            [new CswTestRecord("boxed", CswCatalog.WithoutDeclaration(IsoXmlBuilder.Record(id: "boxed", title: "Boxed", bbox: box)))]);
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");

        Assert.Equal(new JobStats { Added = 1 }, (await harvest.RunAsync()).Stats);

        Assert.Contains(harvest.Log.Warnings, w => w.StartsWith("record 'boxed' is imported despite: the bounding box's westBoundLongitude 30 is east of its eastBoundLongitude 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deletion_follows_delete_missing_after_a_complete_gather()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(4));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw");
        harvest.AddSource(csw.Url + "?deleting", "csw", """{"delete_missing": true}""", name: "deleting");
        await harvest.RunAsync();
        await harvest.RunAsync("deleting");

        csw.Records.RemoveAt(3);
        var keeping = await harvest.RunAsync();
        var deleting = await harvest.RunAsync("deleting");

        Assert.Equal(new JobStats { NotModified = 3 }, keeping.Stats);
        Assert.Equal(4, harvest.Datasets().Count);
        Assert.Equal(new JobStats { NotModified = 3, Deleted = 1 }, deleting.Stats);
        Assert.Equal(DatasetState.Deleted, harvest.Datasets(includeDeleted: true, source: "deleting").Single(d => d.Guid == "rec-4").State);
    }

    [Fact]
    public async Task Cql_and_keywords_become_the_GetRecords_constraint()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(1));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", """{"cql": "apiso:TopicCategory like '%elevation%'"}""");
        harvest.AddSource(csw.Url + "?words", "csw", """{"keywords": ["roads", "50%_off"]}""", name: "words");

        await harvest.RunAsync();
        await harvest.RunAsync("words");

        var requests = csw.GetRecordsRequests.ToList();
        Assert.Equal("apiso:TopicCategory like '%elevation%'", requests[0].Constraint!.Elements().Single(e => e.Name.LocalName == "CqlText").Value);
        var filter = requests[1].Constraint!.Elements().Single(e => e.Name.LocalName == "Filter");
        var likes = filter.Descendants().Where(e => e.Name.LocalName == "PropertyIsLike").ToList();
        Assert.Equal("Or", filter.Elements().Single().Name.LocalName);
        Assert.All(likes, l => Assert.Equal("apiso:Subject", l.Elements().First().Value));
        Assert.Equal(["%roads%", "%50\\%\\_off%"], likes.Select(l => l.Elements().Last().Value));
    }

    [Fact]
    public async Task Requests_are_spaced_by_the_sources_rate_limit()
    {
        await using var csw = await PycswServer.StartAsync(CswCatalog.Made(4));
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", """{"page_size": 1, "rate_limit": 4}""");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(new JobStats { Added = 4 }, (await harvest.RunAsync()).Stats);
        clock.Stop();

        // Four requests at 4 a second take their slots at 0, 250, 500 and 750 ms at the earliest.
        Assert.Equal(4, csw.GetRecordsRequests.Count());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(750), $"the harvest took {clock.Elapsed.TotalMilliseconds} ms");
    }
}
