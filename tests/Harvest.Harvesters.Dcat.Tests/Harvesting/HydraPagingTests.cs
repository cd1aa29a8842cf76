using Harvest.Engine.Model;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// Hydra paging over a two-page Turtle catalog written for these tests: both ways of saying "next page", a second
/// page that repeats the first (the listing stops, incomplete, and nothing is deleted), and a second page that fails
/// (a gather error, nothing written, nothing deleted).
/// </summary>
public sealed class HydraPagingTests
{
    private static readonly string[] AllFour =
    [
        "http://example.test/ds/rainfall", "http://example.test/ds/river-levels", "http://example.test/ds/tide-tables", "http://example.test/ds/wind-speed",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_two_page_catalog_harvests_four_datasets_and_again_as_not_modified(bool oldStylePaging)
    {
        await using var server = await PagedCatalogServer.StartAsync(oldStylePaging);
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.Url);
        using var _ = harvest;

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 4 }, report.Stats);
        Assert.Equal(AllFour, harvest.Engine.Datasets("test-source").Select(d => d.Guid).Order(StringComparer.Ordinal));
        Assert.Equal(["/catalog", "/catalog?page=2"], server.Requests);
        Assert.Equal(["rivers", "water"], DcatTestKit.Dataset(harvest, "http://example.test/ds/river-levels").Tags.Order());

        var again = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 4 }, again.Stats);
    }

    [Fact]
    public async Task A_second_page_that_repeats_the_first_stops_the_listing_at_two_datasets_and_deletes_nothing()
    {
        await using var server = await PagedCatalogServer.StartAsync();
        var (harvest, first) = await DcatTestKit.HarvestAsync(server.Url, """{"delete_missing": true}""");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 4 }, first.Stats);

        // The server now ignores ?page=2 and answers with page 1 again (still pointing at page 2).
        server.Page2 = context => PagedCatalogServer.WriteAsync(context, server.FirstPage());
        var second = await harvest.RunAsync();

        Assert.Empty(second.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 2 }, second.Stats);
        Assert.Equal(AllFour, harvest.Engine.Datasets("test-source").Select(d => d.Guid).Order(StringComparer.Ordinal));

        var (records, context) = await DcatTestKit.GatherAsync(server.Url, """{"delete_missing": true}""");
        Assert.Equal(["http://example.test/ds/river-levels", "http://example.test/ds/tide-tables"], records.Select(r => r.Guid));
        Assert.False(context.ListingIsComplete);
        var warning = Assert.Single(context.IncompleteReasons);
        Assert.Contains($"page {server.Page2Url} lists the same 2 datasets as the page before it, {server.Url}", warning);
        Assert.Contains("no dataset is deleted", warning);
    }

    [Fact]
    public async Task A_second_page_that_fails_is_a_gather_error_and_nothing_is_written_or_deleted()
    {
        await using var server = await PagedCatalogServer.StartAsync();
        var (harvest, first) = await DcatTestKit.HarvestAsync(server.Url, """{"delete_missing": true}""");
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 4 }, first.Stats);

        server.Page2 = context => PagedCatalogServer.WriteAsync(context, "gone", "text/plain", status: 404);
        var second = await harvest.RunAsync();

        var error = Assert.Single(second.GatherErrors);
        Assert.Equal($"GET {server.Page2Url} returned HTTP 404 Not Found", error.Message);
        Assert.Equal(0, second.Stats.Total);
        var datasets = harvest.Engine.Datasets("test-source", includeDeleted: true);
        Assert.Equal(4, datasets.Count);
        Assert.All(datasets, d => Assert.Equal(DatasetState.Active, d.State));
    }

    [Fact]
    public async Task A_second_page_with_a_syntax_error_names_the_page_line_and_column()
    {
        await using var server = await PagedCatalogServer.StartAsync();
        server.Page2 = context => PagedCatalogServer.WriteAsync(context, "@prefix dct: <http://purl.org/dc/terms/> .\n<http://example.test/x> dct:title \"unterminated .\n");
        var (harvest, report) = await DcatTestKit.HarvestAsync(server.Url);
        using var _ = harvest;

        var error = Assert.Single(report.GatherErrors).Message;
        Assert.StartsWith($"{server.Page2Url} is not valid turtle: line 2, column ", error);
        Assert.Equal(0, report.Stats.Total);
        Assert.Empty(harvest.Engine.Datasets("test-source", includeDeleted: true));
    }

    [Fact]
    public async Task Delete_missing_deletes_what_a_complete_listing_no_longer_holds_and_is_off_by_default()
    {
        await using var server = await PagedCatalogServer.StartAsync();
        var (harvest, _) = await DcatTestKit.HarvestAsync(server.Url);
        using var __ = harvest;

        // The catalog shrinks to its first page: a complete listing of two datasets.
        server.Page2 = context => PagedCatalogServer.WriteAsync(context, """
            @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
            <http://example.test/empty> a hydra:PartialCollectionView .
            """);
        var kept = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 2 }, kept.Stats);
        Assert.Equal(4, harvest.Engine.Datasets("test-source").Count);

        harvest.Engine.Sources.Update("test-source", new Harvest.Engine.Sources.SourceUpdateRequest { Config = """{"delete_missing": true}""" });
        var deleted = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 2, Deleted = 2 }, deleted.Stats);
        Assert.Equal(["http://example.test/ds/river-levels", "http://example.test/ds/tide-tables"],
            harvest.Engine.Datasets("test-source").Select(d => d.Guid).Order(StringComparer.Ordinal));
    }
}
