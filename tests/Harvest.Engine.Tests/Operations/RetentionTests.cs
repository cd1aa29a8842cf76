using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>History retention: clear-history in batches of 1000, keep_jobs per source, drop_stale_content.</summary>
public sealed class RetentionTests
{
    private static async Task HarvestTitles(TestHarvest harvest, string changing, string stable = "Stable")
    {
        File.WriteAllText(Path.Combine(harvest.Folder, "catalog.json"),
            DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", changing), DataJsonBuilder.Record("s", stable)));
        var report = await harvest.RunAsync();
        Assert.False(report.HasErrors);
    }

    private static TestHarvest WithSource(TestHarvest harvest)
    {
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog()));
        return harvest;
    }

    [Fact]
    public Task Clear_history_removes_at_most_1000_jobs_per_call_oldest_first_on_sqlite() => ClearInBatches(new TestHarvest());

    [PostgresFact]
    public Task Clear_history_removes_at_most_1000_jobs_per_call_oldest_first_on_postgres() => ClearInBatches(TestHarvest.OnPostgres());

    private static async Task ClearInBatches(TestHarvest harvest)
    {
        using var _ = WithSource(harvest);
        await HarvestTitles(harvest, "First");
        var source = harvest.Engine.Sources.Get("test-source");
        var second = harvest.Engine.Sources.Create(new Sources.NewSourceRequest
        {
            Name = "second", Url = harvest.WriteFile("second.json", DataJsonBuilder.Catalog()), Type = "datajson",
        });
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        using (var transaction = harvest.Engine.Store.BeginTransaction())
        {
            for (var i = 0; i < 1005; i++)
                harvest.Engine.Store.InsertJob(new HarvestJob
                {
                    JobId = $"old-{i:0000}", SourceId = i % 2 == 0 ? source.SourceId : second.SourceId, Status = i % 3 == 0 ? JobStatus.Aborted : JobStatus.Finished,
                    Created = start.AddMinutes(i), Finished = start.AddMinutes(i),
                });
            transaction.Commit();
        }
        var running = harvest.Engine.Jobs.Create("second");

        var first = harvest.Engine.Sources.ClearHistoryBatch(null, keepCurrent: true);
        Assert.Equal(1000, first.JobsRemoved);
        Assert.Equal(5, first.Remaining);
        var left = harvest.Engine.Store.ListJobs(new JobQuery(Limit: 5000)).Select(j => j.JobId).ToHashSet();
        Assert.Equal(Enumerable.Range(1000, 5).Select(i => $"old-{i:0000}").ToHashSet(), left.Where(id => id.StartsWith("old-")).ToHashSet());

        var next = harvest.Engine.Sources.ClearHistoryBatch(null, keepCurrent: true);
        Assert.Equal((5, 0), (next.JobsRemoved, next.Remaining));
        // The harvested job holds current objects, and the New job is not history.
        var kept = harvest.Engine.Store.ListJobs(new JobQuery(Limit: 5000));
        Assert.Equal(2, kept.Count);
        Assert.Contains(kept, j => j.JobId == running.JobId);
        Assert.Equal((0, 0), (harvest.Engine.Sources.ClearHistoryBatch("test-source", keepCurrent: true).JobsRemoved, 0));
    }

    [Fact]
    public async Task Cli_clear_history_says_what_remains()
    {
        using var cli = new CliRunner();
        var catalog = Path.Combine(cli.Folder, "catalog.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        Assert.Equal(0, (await cli.RunAsync("harvest", catalog, "--name", "parks")).ExitCode);
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha 2")));
        Assert.Equal(0, (await cli.RunAsync("run-test", "parks")).ExitCode);
        var (result, json) = await cli.RunJsonAsync("source", "clear-history", "--keep-current");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, json.GetProperty("jobsRemoved").GetInt32());
        Assert.Equal(0, json.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public Task Keep_jobs_keeps_the_newest_jobs_and_those_with_current_objects_on_sqlite() =>
        KeepJobs(new TestHarvest(s => s with { KeepJobs = 2 }));

    [PostgresFact]
    public Task Keep_jobs_keeps_the_newest_jobs_and_those_with_current_objects_on_postgres() =>
        KeepJobs(TestHarvest.OnPostgres(s => s with { KeepJobs = 2 }));

    private static async Task KeepJobs(TestHarvest harvest)
    {
        using var _ = WithSource(harvest);
        var jobs = new List<string>();
        foreach (var title in new[] { "One", "Two", "Three", "Four", "Five" })
        {
            await HarvestTitles(harvest, title);
            jobs.Add(harvest.Engine.Jobs.List("test-source").First().JobId);
        }
        // Job 1 still holds the current object of "s" (unchanged since): it stays, with the newest two.
        var left = harvest.Engine.Jobs.List("test-source").Select(j => j.JobId).ToHashSet();
        Assert.Equal(new HashSet<string> { jobs[0], jobs[3], jobs[4] }, left);
        Assert.Equal(2, harvest.Engine.Datasets().Count);
        Assert.Equal("Five", harvest.Engine.Datasets().Single(d => d.Guid == "a").Title);
        // Change detection still works: nothing changed, nothing is updated.
        await HarvestTitles(harvest, "Five");
        Assert.Equal(2, harvest.Engine.Jobs.List("test-source").First().Stats.NotModified);
    }

    [Fact]
    public async Task Keep_jobs_0_keeps_everything()
    {
        using var harvest = WithSource(new TestHarvest());
        foreach (var title in new[] { "One", "Two", "Three" }) await HarvestTitles(harvest, title);
        Assert.Equal(3, harvest.Engine.Jobs.List("test-source").Count);
    }

    [Fact]
    public Task Drop_stale_content_empties_old_non_current_objects_on_sqlite() =>
        DropStaleContent(new TestHarvest(s => s with { DropStaleContent = true }));

    [PostgresFact]
    public Task Drop_stale_content_empties_old_non_current_objects_on_postgres() =>
        DropStaleContent(TestHarvest.OnPostgres(s => s with { DropStaleContent = true }));

    private static async Task DropStaleContent(TestHarvest harvest)
    {
        using var _ = WithSource(harvest);
        foreach (var title in new[] { "One", "Two", "Three" }) await HarvestTitles(harvest, title);
        var latest = harvest.Engine.Jobs.List("test-source").First().JobId;
        var all = harvest.Engine.Objects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("test-source").SourceId)).ToList();
        // "a" changes every time; "s" is unchanged after job 1, so jobs 2 and 3 wrote no object for it.
        Assert.Equal(4, all.Count);
        Assert.All(all.Where(o => o.Current), o => Assert.NotNull(o.Content));
        Assert.All(all.Where(o => o.JobId == latest), o => Assert.NotNull(o.Content));
        // Job 1's "a" and job 2's "a" (job 1's "s" is still current).
        var stale = all.Where(o => !o.Current && o.JobId != latest).ToList();
        Assert.Equal(2, stale.Count);
        Assert.All(stale, o => Assert.Null(o.Content));
        Assert.All(stale, o => Assert.NotNull(o.ContentHash));
    }

    [Fact]
    public async Task Without_drop_stale_content_old_objects_keep_their_content()
    {
        using var harvest = WithSource(new TestHarvest());
        foreach (var title in new[] { "One", "Two" }) await HarvestTitles(harvest, title);
        var all = harvest.Engine.Objects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("test-source").SourceId)).ToList();
        // Every object keeps the content it came with (an unchanged record is written as no object at all).
        Assert.Equal(3, all.Count);
        Assert.All(all, o => Assert.NotNull(o.Content));
        Assert.All(all, o => Assert.NotNull(o.ContentHash));
    }
}
