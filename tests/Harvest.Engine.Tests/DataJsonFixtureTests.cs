using System.Text.RegularExpressions;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>Real public data.json files from ../shared/fixtures: odd encodings, bad records, real agency catalogs.</summary>
public sealed class DataJsonFixtureTests
{
    private static async Task<(TestHarvest Harvest, JobReport Report)> HarvestFixtureAsync(string file)
    {
        var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson(file));
        var report = await harvest.RunAsync();
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Empty(report.GatherErrors);
        return (harvest, report);
    }

    private static List<string> ErrorMessages(JobReport report) =>
        report.ObjectErrors.SelectMany(o => o.Errors).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();

    [FixtureFact]
    public async Task A_catalog_with_a_byte_order_mark_imports_its_dataset()
    {
        var (harvest, report) = await HarvestFixtureAsync("dkan-bom.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = Assert.Single(harvest.Engine.Datasets("test-source"));
        Assert.Equal("NCES_2006308", dataset.Guid);
        Assert.Equal("Academic Libraries Survey, 2002", dataset.Title);
        Assert.Equal("academic-libraries-survey-2002", dataset.Name);
        Assert.Equal("national-center-for-education-statistics", dataset.Organization);
    }

    [FixtureFact]
    public async Task A_catalog_with_a_byte_order_mark_served_a_few_bytes_at_a_time_imports_its_dataset()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.DataJson("dkan-bom.data.json"));
        Assert.Equal(0xEF, bytes[0]);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            for (var offset = 0; offset < bytes.Length; offset += 2)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(2, bytes.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        using var harvest = new TestHarvest();
        harvest.AddSource(server.BaseUrl + "/data.json");
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
    }

    [FixtureFact]
    public async Task An_empty_catalog_finishes_with_no_objects_and_no_errors()
    {
        var (harvest, report) = await HarvestFixtureAsync("dkan-empty.data.json");
        using var _ = harvest;
        Assert.False(report.HasErrors);
        Assert.Equal(0, report.Stats.Total);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)));
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [FixtureFact]
    public async Task A_record_without_identifier_is_an_errored_object_naming_the_record_and_its_title()
    {
        var (harvest, report) = await HarvestFixtureAsync("error-no-identifier.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Errored = 1 }, report.Stats);
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors);
        Assert.Equal("record #1 (line 8) titled 'Commitment of Traders' has no identifier", error.Message);
        Assert.Equal(8, error.Line);
        Assert.Equal(HarvestStage.Gather, error.Stage);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [FixtureFact]
    public async Task A_record_without_title_is_an_errored_object_naming_its_identifier()
    {
        var (harvest, report) = await HarvestFixtureAsync("error-missing-title.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Errored = 1 }, report.Stats);
        var errored = Assert.Single(report.ObjectErrors);
        Assert.Equal("null-spatial", errored.Guid);
        Assert.Equal("record #1 (line 7) 'null-spatial' has no title", Assert.Single(errored.Errors).Message);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [FixtureFact]
    public async Task Records_missing_an_identifier_or_a_title_are_errored_and_the_good_one_imports()
    {
        var (harvest, report) = await HarvestFixtureAsync("missing-identifier-title.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1, Errored = 2 }, report.Stats);
        Assert.Equal(
            [
                "record #1 (line 7) titled 'simple test title' has no identifier",
                "record #3 (line 76) 'Test-0002' has no title",
            ],
            ErrorMessages(report));
        Assert.Equal("Test-0001", Assert.Single(harvest.Engine.Datasets("test-source")).Guid);
    }

    [FixtureFact]
    public async Task A_record_that_turns_bad_is_errored_but_its_dataset_is_neither_changed_nor_deleted()
    {
        using var harvest = new TestHarvest();
        var path = Path.Combine(harvest.Folder, "catalog.data.json");
        // First a version where the third record still has its title.
        var fixture = await File.ReadAllTextAsync(Fixtures.DataJson("missing-identifier-title.data.json"));
        var good = fixture.Replace("\"identifier\": \"Test-0002\",", "\"identifier\": \"Test-0002\", \"title\": \"Had a title\",", StringComparison.Ordinal);
        Assert.NotEqual(fixture, good);
        await File.WriteAllTextAsync(path, good);
        harvest.AddSource(path);
        Assert.Equal(new JobStats { Added = 2, Errored = 1 }, (await harvest.RunAsync()).Stats);
        var before = CatalogState.Snapshot(harvest);

        await File.WriteAllTextAsync(path, fixture);
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1, Errored = 2 }, report.Stats);
        CatalogState.AssertUnchanged(harvest, before, 2);
        Assert.Equal("Had a title", harvest.Engine.Datasets("test-source").Single(d => d.Guid == "Test-0002").Title);
    }

    [FixtureFact]
    public async Task A_title_that_is_a_reserved_word_gets_a_usable_name()
    {
        var (harvest, report) = await HarvestFixtureAsync("reserved-title.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = Assert.Single(harvest.Engine.Datasets("test-source"));
        Assert.Equal("Search", dataset.Title);
        Assert.NotEqual("search", dataset.Name);
        Assert.Matches(new Regex("^search-[a-z0-9]+$"), dataset.Name);
        Assert.Equal(dataset.DatasetId, harvest.Engine.Dataset(dataset.Name).DatasetId);
    }

    [FixtureFact]
    public async Task A_numeric_title_imports_as_text_with_a_usable_name()
    {
        var (harvest, report) = await HarvestFixtureAsync("numerical-title.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = Assert.Single(harvest.Engine.Datasets("test-source"));
        Assert.Equal("707", dataset.Title);
        Assert.Equal("707", dataset.Name);
        Assert.Equal("null-spatial", dataset.Guid);
    }

    [FixtureFact]
    public async Task A_dataset_with_many_distributions_keeps_every_resource_in_order()
    {
        var (harvest, report) = await HarvestFixtureAsync("many-resources.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = Assert.Single(harvest.Engine.Datasets("test-source"));
        Assert.Equal(11, dataset.Resources.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"http://www.opm.gov/{i}").Append("https://www.youtube.com/watch?v=08bK8zHH9No"),
            dataset.Resources.Select(r => r.Url));
        Assert.Equal("video", dataset.Resources[^1].Format);
        Assert.All(dataset.Resources.Take(10), r => Assert.Equal("application/pdf", r.MediaType));
    }

    [FixtureFact]
    public Task The_USDA_catalog_imports_its_three_datasets_then_reports_them_not_modified() =>
        ImportsThreeThenNotModifiedAsync("usda.gov.data.json", "USDA-DM-002", "Department of Agriculture Congressional Logs for Fiscal Year 2014");

    [FixtureFact]
    public Task The_ARM_catalog_imports_its_three_datasets_then_reports_them_not_modified() =>
        ImportsThreeThenNotModifiedAsync("arm.data.json", "avhrr12", "AVHRR: albedo and brightness temp., NOAA-12 Satellite");

    private static async Task ImportsThreeThenNotModifiedAsync(string file, string guid, string title)
    {
        var (harvest, report) = await HarvestFixtureAsync(file);
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 3 }, report.Stats);
        Assert.Equal(title, harvest.Engine.Datasets("test-source").Single(d => d.Guid == guid).Title);
        Assert.Equal(new JobStats { NotModified = 3 }, (await harvest.RunAsync()).Stats);
    }

    [FixtureFact]
    public async Task The_DKAN_local_file_catalog_imports_19_datasets()
    {
        var (harvest, report) = await HarvestFixtureAsync("dkan-local-file.data.json");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 19 }, report.Stats);
        var datasets = harvest.Engine.Datasets("test-source");
        Assert.Equal(19, datasets.Count);
        Assert.Equal(19, datasets.Select(d => d.Name).Distinct().Count());
        Assert.Contains(datasets, d => d.Guid == "https://data.mo.gov/api/views/ybbi-ajb9" && d.Title == "Reentry Housing");
        Assert.Equal(new JobStats { NotModified = 19 }, (await harvest.RunAsync()).Stats);
    }

    [FixtureFact]
    public Task A_collection_of_one_parent_and_two_children_imports_all_three() =>
        ImportsCollectionAsync("collection-1-parent-2-children.data.json", 3, 2);

    [FixtureFact]
    public Task Two_collections_of_two_children_each_import_all_six() =>
        ImportsCollectionAsync("collection-2-parent-4-children.data.json", 6, 4);

    private static async Task ImportsCollectionAsync(string file, int records, int children)
    {
        var (harvest, report) = await HarvestFixtureAsync(file);
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = records }, report.Stats);
        var datasets = harvest.Engine.Datasets("test-source");
        Assert.Equal(records, datasets.Count);
        // A child keeps the identifier of its parent, and every parent it names was imported too.
        var partOf = datasets.Where(d => d.Extras.ContainsKey("isPartOf")).ToList();
        Assert.Equal(children, partOf.Count);
        Assert.All(partOf, child => Assert.Contains(datasets, parent => parent.Guid == child.Extras["isPartOf"]));
    }
}
