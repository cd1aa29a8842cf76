using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// A two-page Turtle catalog whose server honours If-None-Match: a page answered 304 lists the records it listed before
/// (kept with its validators), settled not modified without a download, and paging goes on to the page it linked to.
/// </summary>
public sealed class DcatConditionalGetTests
{
    private const string Prefixes = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix hydra: <http://www.w3.org/ns/hydra/core#> .

        """;

    private static string Page(string baseUrl, string self, string? next, params (string Id, string Title)[] datasets) => Prefixes + $"""
        <http://example.test/catalog> a dcat:Catalog ;
            dcat:dataset {string.Join(", ", datasets.Select(d => $"<http://example.test/ds/{d.Id}>"))} .
        {string.Concat(datasets.Select(d => $"<http://example.test/ds/{d.Id}> a dcat:Dataset ; dct:title \"{d.Title}\" .\n"))}
        <{baseUrl}/page1> a hydra:Collection ; hydra:view <{baseUrl}{self}> .
        <{baseUrl}{self}> a hydra:PartialCollectionView {(next is null ? "" : $"; hydra:next <{baseUrl}{next}>")} .
        """;

    [Fact]
    public async Task Pages_answered_304_list_their_records_again_as_not_modified_and_a_changed_page_is_read()
    {
        await using var server = await ConditionalServer.StartAsync();
        var url = server.Serve("/page1", Page(server.BaseUrl, "/page1", "/page2", ("river", "River levels"), ("tide", "Tide tables")), "text/turtle");
        server.Serve("/page2", Page(server.BaseUrl, "/page2", null, ("rain", "Rainfall"), ("wind", "Wind speed")), "text/turtle");
        using var harvest = new TestHarvest();
        harvest.AddSource(url, type: "dcat", config: """{"delete_missing": true}""");
        Assert.Equal(new JobStats { Added = 4 }, (await harvest.RunAsync()).Stats);
        var before = CatalogSnapshot(harvest);
        server.ClearCounts();

        var unchanged = await harvest.RunAsync();

        Assert.Empty(unchanged.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 4 }, unchanged.Stats);
        Assert.Equal(2, server.NotModifiedCount);
        Assert.Equal(0, server.BytesSent("/page1") + server.BytesSent("/page2"));
        // Listed again from the pages' earlier records, not modified: counted, with no object written.
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: unchanged.JobId)));
        Assert.Equal(before, CatalogSnapshot(harvest));

        // Page 2 changes (a new title, a record gone): page 1 is still 304, page 2 is read whole, the vanished record deleted.
        server.Serve("/page2", Page(server.BaseUrl, "/page2", null, ("rain", "Rainfall (daily)")), "text/turtle");
        server.ClearCounts();
        var changed = await harvest.RunAsync();

        Assert.Equal(new JobStats { Updated = 1, NotModified = 2, Deleted = 1 }, changed.Stats);
        Assert.Equal(1, server.NotModifiedCount);
        Assert.True(server.BytesSent("/page2") > 0);
        Assert.Equal("Rainfall (daily)", harvest.Engine.Datasets("test-source").Single(d => d.Guid == "http://example.test/ds/rain").Title);

        // The changed page's new validators and records are the ones used next.
        server.ClearCounts();
        Assert.Equal(new JobStats { NotModified = 3 }, (await harvest.RunAsync()).Stats);
        Assert.Equal(2, server.NotModifiedCount);
    }

    [Fact]
    public async Task A_record_of_a_304_page_without_a_current_copy_errs_and_the_next_job_reads_the_page_whole()
    {
        await using var server = await ConditionalServer.StartAsync();
        var url = server.Serve("/page1", Page(server.BaseUrl, "/page1", null, ("river", "River levels"), ("tide", "Tide tables")), "text/turtle");
        using var harvest = new TestHarvest();
        harvest.AddSource(url, type: "dcat");
        await harvest.RunAsync();
        var river = harvest.Engine.Datasets("test-source").Single(d => d.Guid == "http://example.test/ds/river");
        harvest.Engine.Store.UpdateDataset(river with { State = DatasetState.Deleted });

        var lost = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1, Errored = 1 }, lost.Stats);
        Assert.Contains("the next harvest reads that document whole", Assert.Single(lost.ObjectErrors).Errors[0].Message, StringComparison.Ordinal);
        server.ClearCounts();
        var next = await harvest.RunAsync();
        Assert.Null(Assert.Single(server.Requests).IfNoneMatch);
        Assert.Equal(0, next.Stats.Errored);
        Assert.Equal(DatasetState.Active, harvest.Engine.Datasets("test-source", includeDeleted: true).Single(d => d.Guid == river.Guid).State);
    }

    [Fact]
    public async Task A_server_that_ignores_validators_is_harvested_by_content_hash()
    {
        await using var server = await ConditionalServer.StartAsync();
        server.HonourValidators = false;
        var url = server.Serve("/page1", Page(server.BaseUrl, "/page1", null, ("river", "River levels")), "text/turtle");
        using var harvest = new TestHarvest();
        harvest.AddSource(url, type: "dcat");
        await harvest.RunAsync();

        var again = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 1 }, again.Stats);
        Assert.NotNull(server.Requests[^1].IfNoneMatch);
        // Compared by content hash: unchanged, so no object is written for it.
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: again.JobId)));
    }

    private static string CatalogSnapshot(TestHarvest harvest) =>
        System.Text.Json.JsonSerializer.Serialize(harvest.Engine.Datasets("test-source", includeDeleted: true).OrderBy(d => d.Guid, StringComparer.Ordinal));
}
