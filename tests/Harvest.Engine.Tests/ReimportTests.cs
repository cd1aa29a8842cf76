using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// Re-importing stored objects without fetching (ckanext-harvest's import command). Each test first tampers with
/// datasets in the local catalog; a re-imported dataset gets its title back from its current object's content.
/// </summary>
public sealed class ReimportTests
{
    private const string Tampered = "tampered";

    private static async Task<TestHarvest> HarvestedAsync(string name = "test-source", params string[] guids)
    {
        var harvest = new TestHarvest();
        await AddHarvestedSourceAsync(harvest, name, guids);
        return harvest;
    }

    private static async Task AddHarvestedSourceAsync(TestHarvest harvest, string name, params string[] guids)
    {
        var records = guids.Select(g => DataJsonBuilder.Record(g, $"Title {name} {g}")).ToArray();
        harvest.AddSource(harvest.WriteFile(name + ".json", DataJsonBuilder.Catalog(records)), name: name);
        Assert.Equal(guids.Length, (await harvest.RunAsync(name)).Stats.Added);
    }

    private static void TamperAll(TestHarvest harvest)
    {
        foreach (var dataset in harvest.Engine.Datasets(includeDeleted: true))
            harvest.Engine.Store.UpdateDataset(dataset with { Title = Tampered });
    }

    /// <summary>The guids whose dataset got its title back, i.e. that were re-imported.</summary>
    private static List<string> Restored(TestHarvest harvest) =>
        harvest.Engine.Datasets(includeDeleted: true).Where(d => d.Title != Tampered).Select(d => d.Guid!).Order().ToList();

    [Fact]
    public async Task Reimport_by_source_imports_every_current_object_of_that_source_even_unchanged()
    {
        using var harvest = await HarvestedAsync("one", "a", "b");
        await AddHarvestedSourceAsync(harvest, "two", "c");
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "one" });

        Assert.Equal(2, result.Objects);
        Assert.Equal(2, result.ByStatus[ReportStatus.Updated]);
        Assert.Equal(["a", "b"], Restored(harvest));
        Assert.Equal("Title one a", harvest.Engine.Dataset("title-one-a").Title);
    }

    [Fact]
    public async Task Reimport_by_object_id_imports_only_that_object()
    {
        using var harvest = await HarvestedAsync("test-source", "a", "b");
        var source = harvest.Engine.Sources.Get("test-source");
        var objectOfB = harvest.Engine.Store.FindCurrentObject(source.SourceId, "b")!;
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { ObjectId = objectOfB.ObjectId });

        Assert.Equal(1, result.Objects);
        Assert.Equal(["b"], Restored(harvest));
    }

    [Fact]
    public async Task Reimport_by_guid_imports_the_current_object_of_that_guid()
    {
        using var harvest = await HarvestedAsync("test-source", "a", "b", "c");
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source", Guid = "c" });

        Assert.Equal(1, result.Objects);
        Assert.Equal(["c"], Restored(harvest));
    }

    [Fact]
    public async Task Reimport_by_dataset_id_or_name_imports_that_datasets_current_object()
    {
        using var harvest = await HarvestedAsync("test-source", "a", "b", "c");
        var datasetA = harvest.Engine.Store.FindDatasetByGuid(harvest.Engine.Sources.Get("test-source").SourceId, "a")!;
        TamperAll(harvest);

        var byId = harvest.Engine.Jobs.Reimport(new ReimportRequest { DatasetId = datasetA.DatasetId });
        var byName = harvest.Engine.Jobs.Reimport(new ReimportRequest { DatasetId = "title-test-source-b" });

        Assert.Equal(1, byId.Objects);
        Assert.Equal(1, byName.Objects);
        Assert.Equal(["a", "b"], Restored(harvest));
    }

    [Fact]
    public async Task Reimport_imports_the_newest_content_not_an_older_one()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "First Title")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Second Title")));
        await harvest.RunAsync();
        await harvest.RunAsync();
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source" });

        Assert.Equal(1, result.Objects);
        Assert.Equal("Second Title", Assert.Single(harvest.Engine.Datasets()).Title);
    }

    [Fact]
    public async Task Segments_take_only_objects_whose_id_starts_with_one_of_the_hex_digits()
    {
        var guids = Enumerable.Range(0, 24).Select(i => $"g{i:00}").ToArray();
        using var harvest = await HarvestedAsync("test-source", guids);
        var current = harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("test-source").SourceId, Current: true));
        var segments = new string(current.Take(3).Select(o => o.ObjectId[0]).Distinct().ToArray());
        var expected = current.Where(o => segments.Contains(o.ObjectId[0])).Select(o => o.Guid).Order().ToList();
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source", Segments = segments });

        Assert.Equal(expected.Count, result.Objects);
        Assert.Equal(expected, Restored(harvest));
    }

    [Fact]
    public async Task Segments_in_upper_case_hex_select_the_same_objects()
    {
        var guids = Enumerable.Range(0, 24).Select(i => $"g{i:00}").ToArray();
        using var harvest = await HarvestedAsync("test-source", guids);
        TamperAll(harvest);

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source", Segments = "0123456789ABCDEF" });

        Assert.Equal(guids.Length, result.Objects);
        Assert.Equal(guids, Restored(harvest));
    }

    [Fact]
    public async Task Objects_of_a_dataset_deleted_from_the_catalog_are_skipped_unless_asked_for()
    {
        using var harvest = await HarvestedAsync("test-source", "a", "b");
        var b = harvest.Engine.Dataset("title-test-source-b");
        harvest.Engine.Store.UpdateDataset(b with { State = DatasetState.Deleted });
        TamperAll(harvest);

        var skipping = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source" });

        Assert.Equal(1, skipping.Objects);
        Assert.Equal(["a"], Restored(harvest));
        Assert.Equal(DatasetState.Deleted, harvest.Engine.Dataset(b.DatasetId).State);

        var including = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source", IncludeObjectsOfDeletedDatasets = true });

        Assert.Equal(2, including.Objects);
        Assert.Equal(["a", "b"], Restored(harvest));
        Assert.Equal(DatasetState.Active, harvest.Engine.Dataset(b.DatasetId).State);
    }

    [Fact]
    public async Task Objects_of_a_dataset_deleted_because_its_record_vanished_are_skipped_unless_asked_for()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        Assert.Equal(1, (await harvest.RunAsync()).Stats.Deleted);
        TamperAll(harvest);

        var skipping = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source" });

        Assert.Equal(1, skipping.Objects);
        Assert.Equal(["a"], Restored(harvest));
        Assert.Equal(DatasetState.Deleted, harvest.Engine.Dataset("beta").State);

        var including = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source", IncludeObjectsOfDeletedDatasets = true });

        Assert.Equal(2, including.Objects);
        Assert.Equal(["a", "b"], Restored(harvest));
        Assert.Equal("Beta", harvest.Engine.Dataset("beta").Title);
    }

    [Fact]
    public async Task Reimport_never_rewrites_a_finished_jobs_counts_or_its_objects_report_statuses()
    {
        using var harvest = await HarvestedAsync("test-source", "a", "b", "c");
        var job = Assert.Single(harvest.Engine.Jobs.List("test-source"));
        var before = harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId)).Select(o => (o.Guid, o.State, o.ReportStatus, o.Current)).ToList();
        // One stored record that no longer parses fails the re-import: its failure is reported, not recorded on the old job.
        var sourceId = harvest.Engine.Sources.Get("test-source").SourceId;
        var damaged = harvest.Engine.Store.FindCurrentObject(sourceId, "c")!;
        harvest.Engine.Store.UpdateObject(damaged with { Content = """{"identifier": "c", "title": """ });

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source" });

        Assert.Equal((2, 1), (result.ByStatus[ReportStatus.Updated], result.ByStatus[ReportStatus.Errored]));
        var failure = Assert.Single(result.Failures);
        Assert.Equal("c", failure.Guid);
        Assert.Contains("Json", failure.Message);
        var after = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(new JobStats { Added = 3 }, after.Stats);
        Assert.Equal(new JobStats { Added = 3 }, harvest.Engine.Store.ComputeStats(job.JobId));
        Assert.Equal(before, harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId)).Select(o => (o.Guid, o.State, o.ReportStatus, o.Current)).ToList());
        Assert.Empty(harvest.Engine.Jobs.Report(job.JobId).ObjectErrors);
    }

    [Fact]
    public void Reimport_of_an_unknown_object_or_dataset_is_not_found()
    {
        using var harvest = new TestHarvest();

        Assert.Throws<HarvestNotFoundException>(() => harvest.Engine.Jobs.Reimport(new ReimportRequest { ObjectId = "nope" }));
        Assert.Throws<HarvestNotFoundException>(() => harvest.Engine.Jobs.Reimport(new ReimportRequest { DatasetId = "nope" }));
        Assert.Throws<HarvestNotFoundException>(() => harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "nope" }));
    }
}
