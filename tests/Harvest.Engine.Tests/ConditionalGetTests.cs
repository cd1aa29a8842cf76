using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// Conditional GET of a data.json source: a server that honours If-None-Match / If-Modified-Since answers 304 to the
/// re-harvest of an unchanged catalog, and the job ends at once with every active dataset not modified and no object
/// written; anything that must be read again (a changed document, a failed run, a changed config, a forced import) is.
/// </summary>
public sealed class ConditionalGetTests
{
    private const string Path = "/catalog/data.json";

    private static int ObjectCount(TestHarvest harvest) =>
        harvest.Engine.Objects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("test-source").SourceId, IncludeContent: false)).Count();

    [Fact]
    public Task On_sqlite_an_unchanged_catalog_answers_304_and_the_job_ends_with_every_dataset_not_modified() =>
        UnchangedCatalogIs304(new TestHarvest());

    [PostgresFact]
    public Task On_postgres_an_unchanged_catalog_answers_304_and_the_job_ends_with_every_dataset_not_modified() =>
        UnchangedCatalogIs304(TestHarvest.OnPostgres());

    private static async Task UnchangedCatalogIs304(TestHarvest created)
    {
        using var harvest = created;
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(4)));
        var first = await harvest.RunAsync();
        Assert.Equal(4, first.Stats.Added);
        var before = CatalogState.Snapshot(harvest);
        var objectsBefore = ObjectCount(harvest);
        Assert.Null(server.Requests[0].IfNoneMatch);
        server.ClearCounts();

        var second = await harvest.RunAsync();

        Assert.Equal(JobStatus.Finished, second.Job.Status);
        Assert.Empty(second.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 4 }, second.Stats);
        Assert.Equal(4, harvest.Engine.Jobs.Get(second.JobId).Stats.NotModified);
        var info = Assert.Single(second.GatherWarnings).Message;
        Assert.Contains($"catalog not modified since job {first.JobId}", info, StringComparison.Ordinal);
        Assert.Contains("(HTTP 304)", info, StringComparison.Ordinal);
        Assert.Equal(1, server.NotModifiedCount);
        Assert.Equal(0, server.BytesSent(Path));
        Assert.NotNull(Assert.Single(server.Requests).IfNoneMatch);
        Assert.Equal(objectsBefore, ObjectCount(harvest));
        CatalogState.AssertUnchanged(harvest, before, 4);

        // A third run is still answered 304 on the first job's validators.
        var third = await harvest.RunAsync();
        Assert.Equal(4, third.Stats.NotModified);
        Assert.Equal(2, server.NotModifiedCount);
        Assert.Contains($"since job {first.JobId}", Assert.Single(third.GatherWarnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_catalog_gets_a_new_ETag_and_is_harvested_normally()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        await harvest.RunAsync();
        await harvest.RunAsync(); // 304

        server.Serve(Path, CatalogState.Catalog(4));
        var changed = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1, NotModified = 3 }, changed.Stats);
        Assert.Empty(changed.GatherWarnings);
        Assert.Equal(1, server.NotModifiedCount);
        Assert.Equal(4, harvest.Engine.CountDatasets("test-source"));

        // The new version's validators are the ones sent next.
        var again = await harvest.RunAsync();
        Assert.Equal(4, again.Stats.NotModified);
        Assert.Equal(2, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_failed_first_run_keeps_no_validators_so_the_next_run_reads_the_catalog_whole()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        server.BreakBodies = true;
        var failed = await harvest.RunAsync();
        server.BreakBodies = false;
        Assert.Single(failed.GatherErrors);
        Assert.Equal(0, harvest.Engine.CountDatasets("test-source"));

        var next = await harvest.RunAsync();

        Assert.Equal(3, next.Stats.Added);
        Assert.Equal(0, server.NotModifiedCount);
        Assert.All(server.Requests, r => Assert.Null(r.IfNoneMatch));
    }

    [Fact]
    public async Task A_run_that_failed_after_a_good_one_leaves_the_good_ones_validators_in_force()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        var url = server.Serve(Path, CatalogState.Catalog(3));
        harvest.AddSource(url);
        await harvest.RunAsync();

        // A new version whose download breaks: that job's validators must not be trusted.
        server.Serve(Path, CatalogState.Catalog(5));
        server.BreakBodies = true;
        Assert.Single((await harvest.RunAsync()).GatherErrors);
        server.BreakBodies = false;
        server.ClearCounts();

        var next = await harvest.RunAsync();

        Assert.Equal(2, next.Stats.Added);
        Assert.Equal(0, server.NotModifiedCount);
        var sent = Assert.Single(server.Requests).IfNoneMatch;
        Assert.NotNull(sent);
        Assert.NotEqual(ConditionalServer.ETagOf(System.Text.Encoding.UTF8.GetBytes(CatalogState.Catalog(5))), sent);
    }

    [Fact]
    public async Task A_changed_source_config_sends_no_validators_and_reads_the_catalog_whole()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        await harvest.RunAsync();
        harvest.Engine.Sources.Update("test-source", new SourceUpdateRequest { Config = """{"default_tags": ["conditional"]}""" });
        server.ClearCounts();

        var report = await harvest.RunAsync();

        // Read whole and compared record by record, as any harvest without validators.
        Assert.Null(Assert.Single(server.Requests).IfNoneMatch);
        Assert.Equal(0, server.NotModifiedCount);
        Assert.Empty(report.GatherWarnings);
        Assert.Equal(new JobStats { NotModified = 3 }, report.Stats);
        // The new config's run keeps validators of its own.
        Assert.Equal(3, (await harvest.RunAsync()).Stats.NotModified);
        Assert.Equal(1, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_forced_import_sends_no_validators_and_imports_the_forced_record()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        await harvest.RunAsync();
        server.ClearCounts();

        var report = await harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { ForceImportGuids = new HashSet<string> { "id-1" } });

        Assert.Equal(new JobStats { Updated = 1, NotModified = 2 }, report.Stats);
        Assert.Null(Assert.Single(server.Requests).IfNoneMatch);
        Assert.Equal(0, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_server_that_ignores_validators_still_harvests_by_content_hash()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        server.HonourValidators = false;
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        await harvest.RunAsync();
        server.ClearCounts();

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 3 }, report.Stats);
        Assert.Empty(report.GatherWarnings);
        Assert.NotNull(Assert.Single(server.Requests).IfNoneMatch);
        // Compared record by record: unchanged, so no object is written for any of them.
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, IncludeContent: false)));
    }

    [Fact]
    public async Task Conditional_get_false_in_the_source_config_never_sends_validators()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)), config: """{"conditional_get": false}""");
        await harvest.RunAsync();
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 3 }, report.Stats);
        Assert.All(server.Requests, r => Assert.Null(r.IfNoneMatch));
        Assert.All(server.Requests, r => Assert.Null(r.IfModifiedSince));
        Assert.Equal(0, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_server_with_only_Last_Modified_is_asked_If_Modified_Since()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        server.SendETag = false;
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(2), modified: DateTimeOffset.UtcNow.AddDays(-1)));
        await harvest.RunAsync();
        server.ClearCounts();

        var report = await harvest.RunAsync();

        Assert.Equal(2, report.Stats.NotModified);
        var request = Assert.Single(server.Requests);
        Assert.NotNull(request.IfModifiedSince);
        Assert.Null(request.IfNoneMatch);
        Assert.Equal(1, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_304_never_deletes_and_a_source_clear_removes_the_kept_validators()
    {
        using var harvest = new TestHarvest();
        await using var server = await ConditionalServer.StartAsync();
        harvest.AddSource(server.Serve(Path, CatalogState.Catalog(3)));
        await harvest.RunAsync();
        Assert.Equal(3, (await harvest.RunAsync()).Stats.NotModified);
        Assert.Equal(3, harvest.Engine.CountDatasets("test-source"));

        harvest.Engine.Sources.Clear("test-source");
        server.ClearCounts();
        var report = await harvest.RunAsync();

        Assert.Equal(3, report.Stats.Added);
        Assert.Null(Assert.Single(server.Requests).IfNoneMatch);
    }
}
