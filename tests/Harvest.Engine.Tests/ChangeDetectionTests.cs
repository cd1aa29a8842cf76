using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>Object states and report statuses: added, updated, not modified (by canonical hash), errored; and the current flag.</summary>
public sealed class ChangeDetectionTests
{
    private static string Catalog(params object[] records) => DataJsonBuilder.Catalog(records);

    private static IReadOnlyList<HarvestObject> Objects(TestHarvest harvest, string jobId) =>
        harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: jobId));

    private static HarvestObject ObjectOf(TestHarvest harvest, string jobId, string guid) =>
        Assert.Single(Objects(harvest, jobId), o => o.Guid == guid);

    [Fact]
    public async Task New_records_are_added_complete_and_current()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"))));

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2 }, report.Stats);
        Assert.False(report.HasErrors);
        foreach (var o in Objects(harvest, report.JobId))
        {
            Assert.Equal(ObjectState.Complete, o.State);
            Assert.Equal(ReportStatus.Added, o.ReportStatus);
            Assert.True(o.Current);
            Assert.NotNull(o.ContentHash);
            Assert.Equal(o.Guid, harvest.Engine.Dataset(o.DatasetId!).Guid);
        }
        Assert.Equal(["alpha", "beta"], harvest.Engine.Datasets().Select(d => d.Name));
    }

    [Fact]
    public async Task A_changed_record_is_updated_and_its_new_object_becomes_the_only_current_one()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();
        var datasetId = harvest.Engine.Dataset("alpha").DatasetId;

        File.WriteAllText(path, Catalog(DataJsonBuilder.Record("a", "Alpha", "A new description"), DataJsonBuilder.Record("b", "Beta")));
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { Updated = 1, NotModified = 1 }, second.Stats);
        var alpha = harvest.Engine.Dataset("alpha");
        Assert.Equal(datasetId, alpha.DatasetId);
        Assert.Equal("A new description", alpha.Notes);
        Assert.Equal(ReportStatus.Updated, ObjectOf(harvest, second.JobId, "a").ReportStatus);
        Assert.True(ObjectOf(harvest, second.JobId, "a").Current);
        Assert.False(ObjectOf(harvest, first.JobId, "a").Current);
        var current = harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: second.SourceId, Guid: "a", Current: true));
        Assert.Equal(ObjectOf(harvest, second.JobId, "a").ObjectId, Assert.Single(current).ObjectId);
    }

    [Fact]
    public async Task Reordered_keys_and_other_whitespace_are_not_modified_and_do_not_take_current()
    {
        using var harvest = new TestHarvest();
        var record = new Dictionary<string, object?>
        {
            ["identifier"] = "a", ["title"] = "Alpha", ["description"] = "About alpha", ["keyword"] = new[] { "x", "y" },
            ["publisher"] = new Dictionary<string, object?> { ["name"] = "Agency", ["@type"] = "org:Organization" },
        };
        var path = harvest.WriteFile("catalog.json", Catalog(record));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();

        // Same content: keys in another order (nested too), no indentation, extra spaces.
        File.WriteAllText(path, """
            {"dataset":[ {  "publisher" : {"@type":"org:Organization","name":"Agency"},"keyword":["x","y"],
               "title":"Alpha","description":"About alpha","identifier":"a"} ]}
            """);
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1 }, second.Stats);
        // Its raw text differs, its canonical form does not: counted as not modified, with no object of its own.
        Assert.Empty(Objects(harvest, second.JobId));
        Assert.True(ObjectOf(harvest, first.JobId, "a").Current);
        Assert.Equal(first.JobId, harvest.Engine.Store.FindCurrentObject(first.SourceId, "a")!.JobId);
    }

    [Fact]
    public async Task Current_stays_with_the_newest_imported_object_across_not_modified_runs()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        File.WriteAllText(path, Catalog(DataJsonBuilder.Record("a", "Alpha", "changed")));
        var updated = await harvest.RunAsync();
        var unchanged1 = await harvest.RunAsync();
        var unchanged2 = await harvest.RunAsync();

        Assert.Equal(1, unchanged1.Stats.NotModified);
        Assert.Equal(1, unchanged2.Stats.NotModified);
        var current = harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: updated.SourceId, Guid: "a", Current: true));
        Assert.Equal(updated.JobId, Assert.Single(current).JobId);
        // The not-modified runs wrote no object: the record's history is its first and its updated object.
        Assert.Equal(2, harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: updated.SourceId, Guid: "a")).Count);
    }

    [Fact]
    public async Task A_record_without_identifier_is_errored_at_gather_with_its_position()
    {
        using var harvest = new TestHarvest();
        var noIdentifier = new Dictionary<string, object?> { ["title"] = "Orphan record", ["description"] = "x" };
        harvest.AddSource(harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha"), noIdentifier)));

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        Assert.True(report.HasErrors);
        var errored = Assert.Single(Objects(harvest, report.JobId), o => o.State == ObjectState.Error);
        Assert.Equal(ReportStatus.Errored, errored.ReportStatus);
        Assert.False(errored.Current);
        Assert.Null(errored.DatasetId);
        var error = Assert.Single(harvest.Engine.Store.ListObjectErrors(report.JobId));
        Assert.Equal(errored.ObjectId, error.ObjectId);
        Assert.Equal(HarvestStage.Gather, error.Stage);
        Assert.Contains("record #2", error.Message);
        Assert.Contains("Orphan record", error.Message);
        Assert.Contains("no identifier", error.Message);
        Assert.NotNull(error.Line);
        Assert.Equal(["alpha"], harvest.Engine.Datasets().Select(d => d.Name));
    }

    [Fact]
    public async Task A_record_without_title_is_errored_with_its_identifier()
    {
        using var harvest = new TestHarvest();
        var noTitle = new Dictionary<string, object?> { ["identifier"] = "untitled-1", ["description"] = "x" };
        harvest.AddSource(harvest.WriteFile("catalog.json", Catalog(noTitle, DataJsonBuilder.Record("a", "Alpha"))));

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        var errorReport = Assert.Single(report.ObjectErrors);
        Assert.Equal("untitled-1", errorReport.Guid);
        var error = Assert.Single(errorReport.Errors);
        Assert.Equal(HarvestStage.Gather, error.Stage);
        Assert.Contains("'untitled-1'", error.Message);
        Assert.Contains("no title", error.Message);
        Assert.Null(harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "untitled-1"));
    }

    [Fact]
    public async Task A_repeated_identifier_keeps_the_first_record_and_errors_the_later_one()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", Catalog(
            DataJsonBuilder.Record("dup", "First title"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("dup", "Second title"))));

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2, Errored = 1 }, report.Stats);
        var dataset = harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "dup")!;
        Assert.Equal("First title", dataset.Title);
        var objects = Objects(harvest, report.JobId).Where(o => o.Guid == "dup").OrderBy(o => o.Sequence).ToList();
        Assert.Equal([ReportStatus.Added, ReportStatus.Errored], objects.Select(o => o.ReportStatus));
        Assert.True(objects[0].Current);
        Assert.False(objects[1].Current);
        var error = Assert.Single(harvest.Engine.Store.ListObjectErrors(report.JobId));
        Assert.Equal(objects[1].ObjectId, error.ObjectId);
        Assert.Contains("'dup'", error.Message);
        Assert.Contains("record #3", error.Message);
        Assert.Contains("record #1", error.Message);
    }

    [Fact]
    public async Task A_record_that_turns_invalid_is_errored_and_its_dataset_and_current_object_stay()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha")));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();

        File.WriteAllText(path, Catalog(new Dictionary<string, object?> { ["identifier"] = "a", ["description"] = "title lost" }));
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { Errored = 1 }, second.Stats);
        var dataset = harvest.Engine.Dataset("alpha");
        Assert.Equal(DatasetState.Active, dataset.State);
        Assert.Equal("About Alpha", dataset.Notes);
        Assert.Equal(first.JobId, harvest.Engine.Store.FindCurrentObject(first.SourceId, "a")!.JobId);
    }

    [Fact]
    public async Task Force_import_updates_a_record_whose_hash_is_unchanged()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"))));
        await harvest.RunAsync();

        var forced = await harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { ForceImportGuids = new HashSet<string> { "b" } });

        Assert.Equal(new JobStats { Updated = 1, NotModified = 1 }, forced.Stats);
        Assert.Equal(forced.JobId, harvest.Engine.Store.FindCurrentObject(forced.SourceId, "b")!.JobId);
    }

    [Fact]
    public async Task Job_stats_match_the_report_statuses_of_its_objects_and_count_the_unchanged_records()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        File.WriteAllText(path, Catalog(
            DataJsonBuilder.Record("a", "Alpha", "changed"), DataJsonBuilder.Record("b", "Beta"),
            DataJsonBuilder.Record("d", "Delta"), new Dictionary<string, object?> { ["title"] = "no id" }));

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1, Updated = 1, NotModified = 1, Deleted = 1, Errored = 1 }, report.Stats);
        var byStatus = Objects(harvest, report.JobId).GroupBy(o => o.ReportStatus).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, byStatus[ReportStatus.Added]);
        Assert.Equal(1, byStatus[ReportStatus.Updated]);
        Assert.False(byStatus.ContainsKey(ReportStatus.NotModified)); // "b" is only counted
        Assert.Equal(1, byStatus[ReportStatus.Deleted]);
        Assert.Equal(1, byStatus[ReportStatus.Errored]);
        Assert.Equal(report.Stats, harvest.Engine.Jobs.Get(report.JobId).Stats);
        Assert.Equal(report.Stats, harvest.Engine.Store.ComputeStats(report.JobId));
    }
}
