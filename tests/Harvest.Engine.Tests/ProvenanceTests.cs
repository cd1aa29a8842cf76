using Harvest.Engine.Store;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// Every dataset says where it came from, as ckanext-harvest's package_show does: the harvest object it was built from,
/// and the source's id, title and URL.
/// </summary>
public sealed class ProvenanceTests
{
    [Fact]
    public async Task A_dataset_names_its_current_harvest_object_and_its_source()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("c.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        var source = harvest.Engine.Sources.Create(new Sources.NewSourceRequest { Name = "parks", Url = path, Type = "datajson", Title = "City parks" });
        await harvest.RunAsync("parks");
        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha, revised")));
        await harvest.RunAsync("parks");

        var dataset = harvest.Engine.Dataset("alpha");
        var current = harvest.Engine.Store.FindCurrentObject(source.SourceId, "a")!;
        Assert.Equal(current.ObjectId, dataset.HarvestObjectId);
        Assert.Equal((source.SourceId, "City parks", path), (dataset.HarvestSourceId, dataset.HarvestSourceTitle, dataset.HarvestSourceUrl));
        Assert.Equal(current.ObjectId, Assert.Single(harvest.Engine.Datasets("parks")).HarvestObjectId);
    }

    [Fact]
    public async Task Datasets_json_carries_the_provenance_fields()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));
        await cli.RunAsync("source", "create", "parks", catalog, "datajson", "--title", "City parks");
        await cli.RunAsync("run-test", "parks");

        var (_, datasets) = await cli.RunJsonAsync("datasets");
        var (_, objects) = await cli.RunJsonAsync("jobs", "--source", "parks");

        var dataset = Assert.Single(CliJson.Items(datasets));
        Assert.Equal("City parks", CliJson.Text(dataset, "harvestSourceTitle"));
        Assert.Equal(catalog, CliJson.Text(dataset, "harvestSourceUrl"));
        Assert.Equal(CliJson.Text(dataset, "sourceId"), CliJson.Text(dataset, "harvestSourceId"));
        CliJson.AssertNonEmptyString(dataset, "harvestObjectId");
        Assert.Single(CliJson.Items(objects));
    }
}
