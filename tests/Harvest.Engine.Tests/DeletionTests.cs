using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests;

/// <summary>Records that vanish are soft-deleted and restored when they come back; a failed gather deletes nothing.</summary>
public sealed class DeletionTests
{
    private static readonly object Alpha = DataJsonBuilder.Record("a", "Alpha");
    private static readonly object Beta = DataJsonBuilder.Record("b", "Beta");

    private static async Task<(TestHarvest Harvest, string Path)> HarvestedAsync(params object[] records)
    {
        var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(records));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();
        Assert.Equal(records.Length, first.Stats.Added);
        return (harvest, path);
    }

    private static void AssertAllActive(TestHarvest harvest, params string[] names)
    {
        var datasets = harvest.Engine.Datasets(includeDeleted: true);
        Assert.Equal(names, datasets.Select(d => d.Name));
        Assert.All(datasets, d => Assert.Equal(DatasetState.Active, d.State));
    }

    [Fact]
    public async Task A_record_removed_from_the_catalog_marks_its_dataset_deleted_and_keeps_it()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        var before = harvest.Engine.Dataset("beta");

        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1, Deleted = 1 }, report.Stats);
        var beta = harvest.Engine.Dataset(before.DatasetId);
        Assert.Equal(DatasetState.Deleted, beta.State);
        Assert.Equal("beta", beta.Name);
        Assert.Equal("Beta", beta.Title);
        Assert.Equal(["alpha"], harvest.Engine.Datasets().Select(d => d.Name));
        Assert.Equal(["alpha", "beta"], harvest.Engine.Datasets(includeDeleted: true).Select(d => d.Name));
        var deleteObject = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, Guid: "b")));
        Assert.Equal(ReportStatus.Deleted, deleteObject.ReportStatus);
        Assert.Equal(ObjectState.Complete, deleteObject.State);
        Assert.Equal(before.DatasetId, deleteObject.DatasetId);
    }

    [Fact]
    public async Task CountDatasets_counts_active_datasets_of_a_source_and_with_includeDeleted_the_deleted_ones_too()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        var other = harvest.WriteFile("other.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("x", "X-ray")));
        harvest.AddSource(other, name: "other-source");
        await harvest.RunAsync("other-source");
        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        await harvest.RunAsync();

        Assert.Equal(1, harvest.Engine.CountDatasets("test-source"));
        Assert.Equal(2, harvest.Engine.CountDatasets("test-source", includeDeleted: true));
        Assert.Equal(2, harvest.Engine.CountDatasets());
        Assert.Equal(harvest.Engine.Datasets(includeDeleted: true).Count, harvest.Engine.CountDatasets(includeDeleted: true));
        Assert.Throws<HarvestNotFoundException>(() => harvest.Engine.CountDatasets("no-such-source"));
    }

    [Fact]
    public async Task The_object_a_deleted_dataset_was_built_from_stays_current()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        var source = harvest.Engine.Sources.Get("test-source");
        var before = harvest.Engine.Store.FindCurrentObject(source.SourceId, "b")!;

        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        var report = await harvest.RunAsync();

        var deleteObject = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, Guid: "b")));
        Assert.False(deleteObject.Current);
        var current = harvest.Engine.Store.FindCurrentObject(source.SourceId, "b")!;
        Assert.Equal(before.ObjectId, current.ObjectId);
        Assert.NotNull(current.Content);
        // Clearing history while keeping current objects keeps the deleted dataset's last content.
        harvest.Engine.Sources.ClearHistory("test-source", keepCurrent: true);
        Assert.NotNull(harvest.Engine.Store.FindObject(before.ObjectId));
    }

    [Fact]
    public async Task A_deleted_dataset_is_counted_deleted_only_once()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        await harvest.RunAsync();

        var again = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1 }, again.Stats);
        Assert.Equal(DatasetState.Deleted, harvest.Engine.Dataset("beta").State);
    }

    [Fact]
    public async Task A_record_that_comes_back_restores_its_dataset_with_the_same_name_and_id()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        var before = harvest.Engine.Dataset("beta");
        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        await harvest.RunAsync();
        // Another dataset titled Beta arrives meanwhile: the deleted one still holds its name.
        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha, DataJsonBuilder.Record("b2", "Beta")));
        await harvest.RunAsync();

        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha, DataJsonBuilder.Record("b2", "Beta"), Beta));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Updated = 1, NotModified = 2 }, report.Stats);
        var beta = harvest.Engine.Dataset(before.DatasetId);
        Assert.Equal(DatasetState.Active, beta.State);
        Assert.Equal("beta", beta.Name);
        Assert.Equal("b", beta.Guid);
        Assert.Equal("beta-1", harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "b2")!.Name);
        var restoring = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, Guid: "b")));
        Assert.Equal(ReportStatus.Updated, restoring.ReportStatus);
        Assert.True(restoring.Current);
    }

    [Fact]
    public async Task A_record_that_comes_back_with_changed_content_is_restored_with_that_content()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha));
        await harvest.RunAsync();

        File.WriteAllText(path, DataJsonBuilder.Catalog(Alpha, DataJsonBuilder.Record("b", "Beta renamed", "New notes")));
        var report = await harvest.RunAsync();

        Assert.Equal(1, report.Stats.Updated);
        var beta = harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "b")!;
        Assert.Equal(DatasetState.Active, beta.State);
        Assert.Equal("beta", beta.Name);
        Assert.Equal("Beta renamed", beta.Title);
        Assert.Equal("New notes", beta.Notes);
    }

    [Fact]
    public async Task A_sudden_empty_catalog_deletes_nothing_until_force_delete_allows_it()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;

        File.WriteAllText(path, DataJsonBuilder.Catalog());
        var refused = await harvest.RunAsync();

        Assert.Equal(new JobStats(), refused.Stats);
        Assert.Equal(
            "the source listed no records, so all 2 of its active datasets would be deleted: nothing was deleted. " +
            "If the catalog really is empty now, harvest again with \"force_delete\": true in the source's config",
            Assert.Single(refused.GatherErrors).Message);
        Assert.Equal(["alpha", "beta"], harvest.Engine.Datasets().Select(d => d.Name));

        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = """{"force_delete": true}""" });
        var forced = await harvest.RunAsync();

        Assert.Equal(new JobStats { Deleted = 2 }, forced.Stats);
        Assert.Empty(harvest.Engine.Datasets());
    }

    [Fact]
    public async Task A_gather_that_would_delete_more_than_max_delete_percent_deletes_nothing()
    {
        var records = Enumerable.Range(0, 10).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToArray();
        var (harvest, path) = await HarvestedAsync(records);
        using var _ = harvest;

        // 6 of 10 gone (60%) is more than a max_delete_percent of 50.
        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = """{"max_delete_percent": 50}""" });
        File.WriteAllText(path, DataJsonBuilder.Catalog(records[..4]));
        var refused = await harvest.RunAsync();

        Assert.StartsWith("6 of the source's 10 active datasets (60%) are no longer listed, more than max_delete_percent (50%): nothing was deleted",
            Assert.Single(refused.GatherErrors).Message);
        Assert.Equal(10, harvest.Engine.Datasets().Count);

        // Raised, it lets them go; 3 of 4 later is under the default of 90.
        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = """{"max_delete_percent": 60}""" });
        Assert.Equal(new JobStats { NotModified = 4, Deleted = 6 }, (await harvest.RunAsync()).Stats);
        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = "{}" });
        File.WriteAllText(path, DataJsonBuilder.Catalog(records[..1]));
        Assert.Equal(new JobStats { NotModified = 1, Deleted = 3 }, (await harvest.RunAsync()).Stats);
    }

    [Theory]
    [InlineData("""{"max_delete_percent": 101}""", "'max_delete_percent' must be from 0 to 100, not 101")]
    [InlineData("""{"max_delete_percent": "most"}""", "'max_delete_percent' must be a whole number")]
    [InlineData("""{"force_delete": "yes"}""", "'force_delete' must be true or false")]
    public void The_delete_guard_config_is_checked_for_every_type(string config, string message)
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddSource(harvest.WriteFile("c.json", "[]"), config: config));
        Assert.Equal([message], error.Errors);
    }

    [Fact]
    public async Task Deletion_only_touches_datasets_of_the_harvested_source()
    {
        var (harvest, path) = await HarvestedAsync(Alpha);
        using var _ = harvest;
        harvest.AddSource(harvest.WriteFile("other.json", DataJsonBuilder.Catalog(Beta)), name: "other-source");
        await harvest.RunAsync("other-source");

        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = """{"force_delete": true}""" });
        File.WriteAllText(path, DataJsonBuilder.Catalog());
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Deleted = 1 }, report.Stats);
        Assert.Equal(["beta"], harvest.Engine.Datasets().Select(d => d.Name));
    }

    [Fact]
    public async Task A_missing_catalog_file_is_a_gather_error_and_deletes_nothing()
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;

        File.Delete(path);
        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Contains(path, Assert.Single(report.GatherErrors).Message);
        Assert.Equal(new JobStats(), report.Stats);
        AssertAllActive(harvest, "alpha", "beta");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not a catalog")]
    [InlineData("garbage after the array")]
    public async Task A_malformed_catalog_is_a_gather_error_and_deletes_nothing(string kind)
    {
        var (harvest, path) = await HarvestedAsync(Alpha, Beta);
        using var _ = harvest;
        var good = DataJsonBuilder.Catalog(Alpha);
        File.WriteAllText(path, kind switch
        {
            "truncated" => good[..(good.Length - 10)],
            "not a catalog" => """{"title": "a catalog without datasets"}""",
            _ => good + " ]",
        });

        var report = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Single(report.GatherErrors);
        Assert.Equal(new JobStats(), report.Stats);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)));
        AssertAllActive(harvest, "alpha", "beta");
    }

    [Fact]
    public async Task A_catalog_that_breaks_after_a_written_batch_leaves_no_objects_and_deletes_nothing()
    {
        var records = Enumerable.Range(0, 600).Select(i => DataJsonBuilder.Record($"r{i:000}", $"Record {i:000}")).ToArray();
        var (harvest, path) = await HarvestedAsync(records);
        using var _ = harvest;

        // The first 500 records are gathered and written before the document turns out to be broken.
        var good = DataJsonBuilder.Catalog(records.Take(550).ToArray());
        File.WriteAllText(path, good[..(good.Length - 30)]);
        var report = await harvest.RunAsync();

        Assert.Single(report.GatherErrors);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)));
        Assert.Equal(new JobStats(), report.Stats);
        Assert.Equal(600, harvest.Engine.Datasets().Count);
    }

    [Fact]
    public async Task An_http_error_is_a_gather_error_and_deletes_nothing()
    {
        var status = 200;
        var body = DataJsonBuilder.Catalog(Alpha, Beta);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? body : "oops");
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/data.json");
        Assert.Equal(2, (await harvest.RunAsync()).Stats.Added);

        status = 500;
        var report = await harvest.RunAsync();

        Assert.Contains("500", Assert.Single(report.GatherErrors).Message);
        Assert.Equal(new JobStats(), report.Stats);
        AssertAllActive(harvest, "alpha", "beta");
    }
}
