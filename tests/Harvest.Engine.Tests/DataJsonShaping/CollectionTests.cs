using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>isPartOf collections: parents import first, children link to them by collection_package_id.</summary>
public sealed class CollectionTests
{
    private static object Child(string identifier, string title, string parent)
    {
        var record = (Dictionary<string, object?>)DataJsonBuilder.Record(identifier, title);
        record["isPartOf"] = parent;
        return record;
    }

    private static void AssertLinked(IReadOnlyList<Dataset> datasets, string child, string parent) =>
        Assert.Equal(datasets.Single(d => d.Guid == parent).DatasetId, datasets.Single(d => d.Guid == child).Extras["collection_package_id"]);

    [FixtureFact]
    public async Task One_parent_listed_after_its_two_children_imports_first_and_both_children_link_to_it()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("collection-1-parent-2-children.data.json"));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 3 }, report.Stats);
        var datasets = harvest.Engine.Datasets("test-source");
        AssertLinked(datasets, "OPM-ERround-0001-AWOL", "OPM-ERround-0001");
        AssertLinked(datasets, "OPM-ERround-0001-Retire", "OPM-ERround-0001");
        Assert.False(datasets.Single(d => d.Guid == "OPM-ERround-0001").Extras.ContainsKey("collection_package_id"));
        var order = harvest.Engine.Objects(new Store.ObjectQuery(JobId: report.JobId)).OrderBy(o => o.Sequence).Select(o => o.Guid).ToList();
        Assert.Equal("OPM-ERround-0001", order[0]);
    }

    [FixtureFact]
    public async Task Two_collections_link_each_child_to_its_own_parent()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("collection-2-parent-4-children.data.json"));
        Assert.Equal(new JobStats { Added = 6 }, (await harvest.RunAsync()).Stats);
        var datasets = harvest.Engine.Datasets("test-source");
        AssertLinked(datasets, "IDF6-OPM-0001-AWOL", "IDF6-OPM-0001");
        AssertLinked(datasets, "IDF6-OPM-0001-Retire", "IDF6-OPM-0001");
        AssertLinked(datasets, "IDF6-OPM-0001-AWOL-2", "IDF6-OPM-0001-PARENT2");
        AssertLinked(datasets, "IDF6-OPM-0001-Retire-2", "IDF6-OPM-0001-PARENT2");
    }

    [Fact]
    public async Task A_child_whose_parent_is_missing_errors_naming_the_parent_and_is_retried_by_the_next_job()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(Child("kid", "Kid", "mum")));
        harvest.AddSource(path);
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Errored = 1 }, report.Stats);
        var message = Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message;
        Assert.Contains("'mum'", message);
        Assert.Contains("next job", message);

        File.WriteAllText(path, DataJsonBuilder.Catalog(Child("kid", "Kid", "mum"), DataJsonBuilder.Record("mum", "Mum")));
        Assert.Equal(new JobStats { Added = 2 }, (await harvest.RunAsync()).Stats);
        AssertLinked(harvest.Engine.Datasets("test-source"), "kid", "mum");
    }

    [Fact]
    public async Task A_parent_that_is_itself_a_child_is_an_error()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("c.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("top", "Top"), Child("middle", "Middle", "top"), Child("bottom", "Bottom", "middle"))));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2, Errored = 1 }, report.Stats);
        var error = Assert.Single(report.ObjectErrors);
        Assert.Equal("bottom", error.Guid);
        Assert.Contains("'middle', which is itself part of 'top'", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public async Task A_child_of_a_parent_that_became_a_child_in_an_earlier_job_is_an_error()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("top", "Top"), Child("middle", "Middle", "top")));
        harvest.AddSource(path);
        Assert.Equal(new JobStats { Added = 2 }, (await harvest.RunAsync()).Stats);

        // Next time only the grandchild is new; its parent's dataset is a child from the last job.
        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("top", "Top"), Child("middle", "Middle", "top"), Child("bottom", "Bottom", "middle")));
        var report = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 2, Errored = 1 }, report.Stats);
        Assert.Contains("itself part of 'top'", Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message);
    }

    [Fact]
    public async Task A_record_that_names_itself_as_its_collection_is_an_error_and_the_others_import()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("c.json", DataJsonBuilder.Catalog(Child("loop", "Loop", "loop"), DataJsonBuilder.Record("plain", "Plain"))));
        var report = await harvest.RunAsync();
        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        Assert.Contains("names itself", Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message);
    }
}
