using Harvest.Engine.Model;
using Harvest.Harvesters.Iso;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>
/// The pycsw apiso catalogue of the shared fixtures (csw/), served as pycsw serves it: page 1 is pycsw's own response,
/// later pages are built from records/ in pycsw's order.
/// </summary>
public sealed class CswFixtureTests
{
    /// <summary>fileIdentifier → title, from the fixtures' README table.</summary>
    private static readonly Dictionary<string, string> Titles = new()
    {
        ["3e9a8c05"] = "test Title",
        ["366f6257-19eb-4f20-ba78-0698ac4aae77"] = "Aerial Photos",
        ["75a7eb5e-336e-453d-ab06-209b1070d396"] = "Aerial Photos",
        ["a7308c0a-b748-48e2-bab7-0a608a51d416"] = "Aerial Photos",
        ["0173e0d7-6ea9-4407-b846-f29d6bfa9903"] = "Aerial Photos",
        ["de53e931-778a-4792-94ad-9fe507aca483"] = "Ortho",
        ["4a5109d7-9ce5-4197-a423-b5fa8c426dee"] = "Ortho",
        ["5f37e0f8-4fb1-4637-b959-b415058bdb68"] = "Ortho",
        ["f99cc358-f379-4e79-ab1e-cb2f7709f594"] = "Ortho",
        ["ae200a05-2800-40b8-b85d-8f8d007b9e30"] = "Ortho",
        ["a2744b0c-becd-426a-95a8-46e9850ccc6d"] = "DTM",
        ["0dc824a6-b555-46c1-bd7b-bc66cb91a70f"] = "DTM",
        ["42c8e55a-2bf6-476d-a7c9-be3bcd697f13"] = "DTM",
        ["c3bf29d4-d60a-4959-a415-2c03fb0d4aef"] = "DTM",
        ["b8cc2388-5d0a-43d8-9473-0e86dd0396da"] = "DTM",
        ["S2B_MSIL2A_20200902T090559_N0214_R050_T34SFG_20200902T113910.SAFE"] = "S2B_MSIL2A_20200902T090559_N0214_R050_T34SFG_20200902T113910.SAFE",
        ["NS06agg"] = "PacIOOS Nearshore Sensor 06: Pohnpei, Micronesia",
        ["437ae0a2-06e2-4015-b296-a66e7f407bf2"] = "Aerial Photos",
    };

    [FixtureFact]
    public async Task The_pycsw_catalogue_harvests_18_records_17_datasets_and_a_service_then_all_not_modified()
    {
        await using var csw = await PycswServer.StartPycswAsync();
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", """{"page_size": 5}""");

        var first = await harvest.RunAsync();

        Assert.Empty(first.GatherErrors);
        Assert.Equal(new JobStats { Added = 18 }, first.Stats);
        var datasets = harvest.Datasets();
        Assert.Equal(Titles.OrderBy(t => t.Key, StringComparer.Ordinal), datasets.ToDictionary(d => d.Guid!, d => d.Title).OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(17, datasets.Count(d => d.Extras["resource-type"] == "dataset"));
        Assert.Equal("3e9a8c05", Assert.Single(datasets, d => d.Extras["resource-type"] == "service").Guid);
        Assert.Equal(5, datasets.Count(d => d.Title == "Aerial Photos"));
        Assert.Equal(18, datasets.Select(d => d.Name).Distinct().Count());

        // Four pages of five (the last of three), each asking for full ISO records; never a GetRecordById.
        Assert.Equal([1, 6, 11, 16], csw.GetRecordsRequests.Select(r => r.StartPosition));
        Assert.All(csw.Requests, r =>
        {
            Assert.Equal("GetRecords", r.Operation);
            Assert.Equal(5, r.MaxRecords);
            Assert.Equal("http://www.isotc211.org/2005/gmd", r.OutputSchema);
            Assert.Equal("full", r.ElementSetName);
            Assert.Equal("results", r.ResultType);
            Assert.Null(r.Constraint);
        });

        // Each object holds its record as a standalone document, the response's namespaces declared on it.
        Assert.All(harvest.Objects(first.JobId), o =>
        {
            var record = IsoReader.Read(o.Content!);
            Assert.Equal(o.Guid, record.FileIdentifier);
        });

        var second = await harvest.RunAsync();

        Assert.Empty(second.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 18 }, second.Stats);
        Assert.Equal(8, csw.GetRecordsRequests.Count());
    }

    [FixtureFact]
    public async Task A_server_that_sends_brief_records_has_each_record_fetched_whole_by_GetRecordById()
    {
        await using var csw = await PycswServer.StartPycswAsync();
        csw.BriefOnly = true;
        using var harvest = new GeoHarvest();
        harvest.AddSource(csw.Url, "csw", """{"page_size": 10}""");

        var first = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 18 }, first.Stats);
        var byId = csw.Requests.Where(r => r.Operation == "GetRecordById").ToList();
        Assert.Equal(Titles.Keys.Order(StringComparer.Ordinal), byId.Select(r => r.Id!).Order(StringComparer.Ordinal));
        Assert.All(byId, r => Assert.Equal(("http://www.isotc211.org/2005/gmd", "full"), (r.OutputSchema, r.ElementSetName)));
        // The full record, not the brief one: the abstract and the extent came with it.
        var ortho = harvest.Engine.Datasets(GeoHarvest.SourceName).Single(d => d.Guid == "de53e931-778a-4792-94ad-9fe507aca483");
        Assert.False(string.IsNullOrEmpty(ortho.Notes));
        Assert.Contains("spatial", ortho.Extras.Keys);

        var second = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 18 }, second.Stats);
    }

    [FixtureFact]
    public async Task Preview_of_an_unsaved_csw_source_lists_the_18_records_and_writes_nothing()
    {
        await using var csw = await PycswServer.StartPycswAsync();
        using var harvest = new GeoHarvest();

        var preview = await harvest.Engine.Preview.PreviewUrlAsync(csw.Url, "csw", """{"page_size": 5}""");

        Assert.Empty(preview.GatherErrors);
        Assert.Equal(18, preview.Counts[Harvest.Engine.Preview.PreviewAction.Create]);
        Assert.Equal(Titles.OrderBy(t => t.Key, StringComparer.Ordinal), preview.Records.ToDictionary(r => r.Guid, r => r.Title!).OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Empty(harvest.Engine.Sources.List());
    }
}
