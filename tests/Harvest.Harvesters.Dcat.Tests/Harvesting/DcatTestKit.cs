using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Harvesting;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>Runs dcat sources through the engine, or the harvester's gather alone, for the tests.</summary>
public static class DcatTestKit
{
    public const string DcatUsContextUrl = "https://raw.githubusercontent.com/DOI-DO/dcat-us/main/context/dcat-us-3.0.jsonld";

    /// <summary>A source config mapping the DCAT-US 3 remote context to the fixtures' copy, plus any other keys.</summary>
    public static string ConfigWithDcatUsContext(string? more = null) =>
        $$"""{"jsonld_contexts": {"{{DcatUsContextUrl}}": {{JsonValue.Create(Fixtures.Path("dcat/dcat-us-3/context/dcat-us-3.0.jsonld")).ToJsonString()}}}{{(more is null ? "" : ", " + more)}}}""";

    public static async Task<(TestHarvest Harvest, JobReport Report)> HarvestAsync(string url, string? config = null)
    {
        var harvest = new TestHarvest();
        harvest.AddSource(url, type: "dcat", config: config);
        var report = await harvest.RunAsync();
        return (harvest, report);
    }

    /// <summary>What the harvester's gather yields for a URL, and the context it reported to.</summary>
    public static async Task<(List<GatheredRecord> Records, GatherContext Context)> GatherAsync(string url, string? config = null)
    {
        var harvester = new DcatHarvester();
        var validation = harvester.ValidateConfig(Harvest.Engine.Sources.ConfigReader.Parse(config));
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        var source = new HarvestSource { SourceId = "s", Name = "s", Url = url, Type = "dcat" };
        var job = new HarvestJob { JobId = "j", SourceId = "s" };
        using var http = RemoteDocuments.CreateClient(TimeSpan.FromSeconds(10));
        var context = new GatherContext(source, job, validation.Config!, new RemoteDocuments(http, 64L * 1024 * 1024,
            new HttpPolicy { Timeout = TimeSpan.FromSeconds(10), Retries = 0 }));
        var records = new List<GatheredRecord>();
        await foreach (var record in harvester.GatherAsync(context, CancellationToken.None)) records.Add(record);
        return (records, context);
    }

    public static Dataset Dataset(TestHarvest harvest, string guid) =>
        Assert.Single(harvest.Engine.Datasets("test-source", includeDeleted: true), d => d.Guid == guid);
}
