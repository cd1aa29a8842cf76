using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>Catalogs read from a local path or a file:// URL: missing files and the size cap.</summary>
public sealed class LocalFileSourceTests
{
    [Fact]
    public async Task A_file_URL_is_harvested_from_its_local_path()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(3));
        var url = new Uri(path).AbsoluteUri;
        Assert.StartsWith("file://", url, StringComparison.Ordinal);

        var source = harvest.AddSource(url);
        Assert.Equal(path, source.Url);
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(3, report.Stats.Added);
    }

    [Fact]
    public async Task A_file_that_has_gone_is_a_gather_error_naming_it()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(3));
        harvest.AddSource(path);
        Assert.Equal(3, (await harvest.RunAsync()).Stats.Added);
        var before = CatalogState.Snapshot(harvest);

        File.Delete(path);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"cannot read {path}: the file '{path}' does not exist");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_missing_file_URL_is_a_gather_error_naming_the_path()
    {
        using var harvest = new TestHarvest();
        var path = Path.Combine(harvest.Folder, "no such folder", "nothing here.json");
        harvest.AddSource(new Uri(path).AbsoluteUri);

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, $"the file '{path}' does not exist");
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused_before_it_is_read()
    {
        using var harvest = new TestHarvest(s => s with { MaxDocumentBytes = 4_000 });
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(2));
        Assert.True(new FileInfo(path).Length <= 4_000);
        harvest.AddSource(path);
        Assert.Equal(2, (await harvest.RunAsync()).Stats.Added);
        var before = CatalogState.Snapshot(harvest);

        File.WriteAllText(path, CatalogState.Catalog(40));
        var length = new FileInfo(path).Length;
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report,
            $"{path} is {length:N0} bytes, larger than the size cap of 4,000 bytes (setting max_document_bytes)");
        CatalogState.AssertUnchanged(harvest, before, 2);
    }

    [Fact]
    public async Task A_file_exactly_at_the_size_cap_is_harvested()
    {
        var json = CatalogState.Catalog(5);
        using var harvest = new TestHarvest(s => s with { MaxDocumentBytes = System.Text.Encoding.UTF8.GetByteCount(json) });
        harvest.AddSource(harvest.WriteFile("catalog.data.json", json));
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(5, report.Stats.Added);
    }

    [Fact]
    public async Task A_folder_instead_of_a_file_is_a_gather_error()
    {
        using var harvest = new TestHarvest();
        var folder = Directory.CreateDirectory(Path.Combine(harvest.Folder, "a-folder.json")).FullName;
        harvest.AddSource(folder);
        var report = await harvest.RunAsync();
        CatalogState.AssertGatherFailed(harvest, report, $"cannot read {folder}: '{folder}' is a folder, not a file");
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: report.SourceId)));
        Assert.Equal(JobStatus.Finished, report.Job.Status);
    }

    [Theory]
    [InlineData("ftp://example.org/data.json", "ftp")]
    [InlineData("s3://bucket/data.json", "s3")]
    public async Task A_URL_with_an_unsupported_scheme_is_refused_and_a_gather_error_naming_the_scheme(string url, string scheme)
    {
        using var harvest = new TestHarvest();
        var refused = Assert.Throws<Sources.InvalidSourceException>(() => harvest.AddSource(url));
        Assert.Contains($"the scheme '{scheme}:'", refused.Message);
        // A source stored before URLs were checked at create still fails at gather, naming the scheme.
        var source = harvest.AddSource(harvest.WriteFile("c.data.json", DataJsonBuilder.Catalog()));
        harvest.Engine.Store.UpdateSource(source with { Url = url });
        var report = await harvest.RunAsync();
        CatalogState.AssertGatherFailed(harvest, report, $"cannot read {url}: URLs with the scheme '{scheme}' are not supported");
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }
}
