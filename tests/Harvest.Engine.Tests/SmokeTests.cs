using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_small_catalog_harvests_then_reports_not_modified()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        harvest.AddSource(path);

        var first = await harvest.RunAsync();
        Assert.Equal(JobStatus.Finished, first.Job.Status);
        Assert.Equal(2, first.Stats.Added);

        var second = await harvest.RunAsync();
        Assert.Equal(2, second.Stats.NotModified);
        Assert.Equal(0, second.Stats.Added);
    }
}
