using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// An unchanged re-harvest costs almost nothing: a record whose text is the same as its dataset's current object's is
/// settled at gather without parsing it, and keeps no second copy of its content; re-import and reports still work.
/// </summary>
public sealed class UnchangedStorageTests
{
    [Fact]
    public Task On_sqlite_an_unchanged_record_stores_no_second_copy_of_its_content() => NoSecondCopy(new TestHarvest());

    [PostgresFact]
    public Task On_postgres_an_unchanged_record_stores_no_second_copy_of_its_content() => NoSecondCopy(TestHarvest.OnPostgres());

    private static async Task NoSecondCopy(TestHarvest harvest)
    {
        using var _ = harvest;
        var path = harvest.WriteFile("catalog.json", """
            {"dataset": [
              {"identifier": "a", "title": "Alpha", "description": "About a.", "keyword": []},
              {"identifier": "b", "title": "Beta", "description": "About b.", "keyword": []}
            ]}
            """);
        harvest.AddSource(path);
        var first = await harvest.RunAsync();
        // The same records, b with its keys in another order: the same canonical content, other raw text.
        File.WriteAllText(path, """
            {"dataset": [
              {"identifier": "a", "title": "Alpha", "description": "About a.", "keyword": []},
              {"title": "Beta", "keyword": [], "description": "About b.", "identifier": "b"}
            ]}
            """);
        var firstObjects = harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: first.JobId));
        var unchanged = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2 }, unchanged.Stats);
        var objects = harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: unchanged.JobId));
        Assert.All(objects, o =>
        {
            Assert.Null(o.Content);
            Assert.NotNull(o.RawHash);
            Assert.Equal(firstObjects.Single(f => f.Guid == o.Guid).ContentHash, o.ContentHash);
        });
        Assert.All(firstObjects, o => Assert.True(o.Current && o.Content is not null && o.RawHash is not null));

        // Re-importing a settled object takes its content from the current object it matched.
        var settled = objects.Single(o => o.Guid == "a");
        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { ObjectId = settled.ObjectId });
        Assert.Equal(1, result.ByStatus[ReportStatus.Updated]);
        Assert.Equal("Alpha", harvest.Engine.Dataset("alpha").Title);
    }

    [Fact]
    public async Task Changed_raw_text_is_compared_by_canonical_hash_and_a_real_change_still_updates()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        harvest.AddSource(path);
        await harvest.RunAsync();

        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha, revised")));
        var changed = await harvest.RunAsync();

        Assert.Equal(new JobStats { Updated = 1 }, changed.Stats);
        var updated = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: changed.JobId)));
        Assert.NotNull(updated.Content);
        Assert.True(updated.Current);
        Assert.Equal("Alpha, revised", harvest.Engine.Dataset("alpha").Title);
    }
}
