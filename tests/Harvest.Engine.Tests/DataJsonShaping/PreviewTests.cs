using Harvest.Engine.Model;
using Harvest.Engine.Preview;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>Preview (dry run): what a harvest would do per record, with nothing written.</summary>
public sealed class PreviewTests
{
    private static (int Jobs, int Objects, int Datasets) Footprint(TestHarvest harvest) =>
        (harvest.Engine.Store.ListJobs(new JobQuery()).Count,
         harvest.Engine.Objects(new ObjectQuery()).Count(),
         harvest.Engine.Datasets(includeDeleted: true).Count);

    private static Dictionary<string, PreviewAction> Actions(PreviewReport report) =>
        report.Records.ToDictionary(r => r.Guid, r => r.Action);

    [FixtureFact]
    public async Task Previewing_an_unsaved_url_with_the_dkan_filters_config_reports_each_record_and_writes_nothing()
    {
        using var harvest = new TestHarvest();
        var report = await harvest.Engine.Preview.PreviewUrlAsync(Fixtures.DataJson("dkan-filters.data.json"), "datajson", """
            { "filters": { "keyword": "election" }, "excludes": { "keyword": "politics" },
              "defaults": { "awesomekey": "politics" }, "overrides": { "publisher.name": "nucivic" } }
            """);

        Assert.Empty(report.GatherErrors);
        Assert.Null(report.SourceId);
        Assert.Equal(new Dictionary<string, PreviewAction>
        {
            ["90a2b708-7fea-4b92-8aee-43c4cfdd5f48"] = PreviewAction.Create,
            ["2758b6e5-2837-4506-ab1b-2ae986c35c53"] = PreviewAction.Filtered,
            ["f08eea60-2b21-4313-909d-d71c6be2c00c"] = PreviewAction.Filtered,
            ["c2150dce-db96-4007-ba3f-fb4f3774902d"] = PreviewAction.Excluded,
        }, Actions(report));
        Assert.All(report.Records, r => Assert.False(string.IsNullOrEmpty(r.Title)));
        Assert.Equal("keyword is 'politics' (excluded)", report.Records.Single(r => r.Action == PreviewAction.Excluded).Reason);
        Assert.Equal((0, 0, 0), Footprint(harvest));
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Fact]
    public async Task Previewing_a_saved_source_compares_with_the_local_catalog_and_writes_nothing()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("same", "Same"), DataJsonBuilder.Record("changed", "Changed"),
            DataJsonBuilder.Record("gone", "Gone"), DataJsonBuilder.Record("later-excluded", "Later excluded", null, "drop")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        var before = Footprint(harvest);

        File.WriteAllText(path, DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("same", "Same"), DataJsonBuilder.Record("changed", "Changed", "new text"),
            DataJsonBuilder.Record("new", "New"), DataJsonBuilder.Record("later-excluded", "Later excluded", null, "drop"),
            DataJsonBuilder.Record("never-imported", "Never", null, "drop"), DataJsonBuilder.Record("", "No identifier")));
        harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = """{"excludes": {"keyword": "drop"}}""" });
        var report = await harvest.Engine.Preview.PreviewSourceAsync("test-source");

        Assert.Equal(new Dictionary<string, PreviewAction>
        {
            ["same"] = PreviewAction.Unchanged,
            ["changed"] = PreviewAction.Update,
            ["new"] = PreviewAction.Create,
            ["later-excluded"] = PreviewAction.Delete,
            ["never-imported"] = PreviewAction.Excluded,
            [""] = PreviewAction.Invalid,
            ["gone"] = PreviewAction.Delete,
        }, Actions(report));
        Assert.Contains("no identifier", report.Records.Single(r => r.Guid == "").Reason);
        Assert.Contains("orphaned", report.Records.Single(r => r.Guid == "later-excluded").Reason);
        Assert.Equal(before, Footprint(harvest));

        // The harvest then does what the preview said.
        var run = await harvest.RunAsync();
        Assert.Equal(new JobStats { Added = 1, Updated = 1, NotModified = 1, Deleted = 2, Errored = 1 }, run.Stats);
    }

    [FixtureFact]
    public async Task Preview_reports_invalid_records_with_the_validation_message()
    {
        using var harvest = new TestHarvest();
        var report = await harvest.Engine.Preview.PreviewUrlAsync(Fixtures.DataJson("error-multiple-invalid.json"), "datajson", """{"validator_schema": "federal"}""");
        var record = Assert.Single(report.Records);
        Assert.Equal(PreviewAction.Invalid, record.Action);
        Assert.Contains("bureauCode: required", record.Reason);
    }

    [Fact]
    public async Task Preview_of_a_child_whose_parent_is_missing_says_so()
    {
        using var harvest = new TestHarvest();
        var child = (Dictionary<string, object?>)DataJsonBuilder.Record("kid", "Kid");
        child["isPartOf"] = "mum";
        var report = await harvest.Engine.Preview.PreviewUrlAsync(harvest.WriteFile("c.json", DataJsonBuilder.Catalog(child)), "datajson");
        Assert.Equal(PreviewAction.Invalid, Assert.Single(report.Records).Action);
        Assert.Contains("'mum'", report.Records[0].Reason);
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_is_a_gather_error_in_the_preview()
    {
        using var harvest = new TestHarvest();
        var report = await harvest.Engine.Preview.PreviewUrlAsync(Path.Combine(harvest.Folder, "missing.json"), "datajson");
        Assert.Single(report.GatherErrors);
        Assert.Empty(report.Records);
    }

    [Fact]
    public async Task An_invalid_config_for_an_unsaved_preview_is_refused_with_its_messages()
    {
        using var harvest = new TestHarvest();
        var error = await Assert.ThrowsAsync<InvalidSourceConfigException>(() =>
            harvest.Engine.Preview.PreviewUrlAsync("https://example.org/data.json", "datajson", """{"filters": 1, "nonsense": true}"""));
        Assert.Equal(2, error.Errors.Count);
    }
}
