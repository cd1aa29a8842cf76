using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// An unchanged re-harvest costs almost nothing: a record whose text is the same as its dataset's current object's is
/// settled at gather without parsing it and written as no object at all (the job counts it); re-import and reports still work.
/// </summary>
public sealed class UnchangedStorageTests
{
    [Fact]
    public Task On_sqlite_an_unchanged_record_stores_nothing_but_the_jobs_count() => NoSecondCopy(new TestHarvest());

    [PostgresFact]
    public Task On_postgres_an_unchanged_record_stores_nothing_but_the_jobs_count() => NoSecondCopy(TestHarvest.OnPostgres());

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
        Assert.Equal(unchanged.Stats, harvest.Engine.Jobs.Get(unchanged.JobId).Stats);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: unchanged.JobId)));
        Assert.Equal(2, harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: first.SourceId)).Count);
        Assert.All(firstObjects, o => Assert.True(o.Current && o.Content is not null && o.RawHash is not null));
        // Nothing was missing, so nothing was deleted.
        Assert.Equal(2, harvest.Engine.Datasets().Count(d => d.State == DatasetState.Active));

        // The dataset's record is still its current object: re-importing it works as before.
        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { DatasetId = "alpha" });
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

    [Fact]
    public async Task Unchanged_records_over_many_batches_are_not_taken_for_missing_but_the_missing_are_deleted()
    {
        using var harvest = new TestHarvest();
        var records = Enumerable.Range(0, 1200).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToList();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog([.. records]));
        harvest.AddSource(path);
        await harvest.RunAsync();

        // Three records leave the catalog, one in each batch of the gather; the other 1,197 are unchanged.
        File.WriteAllText(path, DataJsonBuilder.Catalog([.. records.Where((_, i) => i is not (10 or 600 or 1150))]));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1197, Deleted = 3 }, report.Stats);
        var deleted = harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId));
        Assert.Equal(["r10", "r1150", "r600"], deleted.Select(o => o.Guid).Order());
        Assert.Equal(1197, harvest.Engine.Datasets().Count(d => d.State == DatasetState.Active));
    }

    [Fact]
    public async Task A_gather_that_fails_after_counting_unchanged_records_counts_none_and_deletes_nothing()
    {
        using var harvest = new TestHarvest();
        var catalog = DataJsonBuilder.Catalog([.. Enumerable.Range(0, 700).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}"))]);
        var path = harvest.WriteFile("catalog.json", catalog);
        harvest.AddSource(path);
        await harvest.RunAsync();

        // The same catalog cut off after its 600th record: the first batch of 500 is counted before the listing fails.
        File.WriteAllText(path, catalog[..catalog.IndexOf("\"r600\"", StringComparison.Ordinal)]);
        var report = await harvest.RunAsync();

        Assert.NotEmpty(report.GatherErrors);
        Assert.Equal(new JobStats(), report.Stats);
        Assert.Equal(new JobStats(), harvest.Engine.Jobs.Get(report.JobId).Stats);
        Assert.Equal(700, harvest.Engine.Datasets().Count(d => d.State == DatasetState.Active));
    }
}
