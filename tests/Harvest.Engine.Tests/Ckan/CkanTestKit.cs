using System.Text.Json.Nodes;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Ckan;

internal static class CkanTestKit
{
    public static JsonObject[] Generated(int count, string prefix = "p", string? organization = null) =>
        Enumerable.Range(0, count).Select(i => CkanServer.Package($"{prefix}{i:000}", organization: organization)).ToArray();

    public static HarvestSource AddCkan(this TestHarvest harvest, string url, string? config = null, string name = "test-source", string? organization = null) =>
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = name, Url = url, Type = "ckan", Config = config, Organization = organization });

    public static Dataset DatasetByGuid(this TestHarvest harvest, string guid, string source = "test-source") =>
        harvest.Engine.Store.FindDatasetByGuid(harvest.Engine.Sources.Get(source).SourceId, guid)
        ?? throw new Xunit.Sdk.XunitException($"no dataset has the guid '{guid}'");

    public static List<string> Guids(this TestHarvest harvest, string source = "test-source") =>
        harvest.Engine.Datasets(source).Select(d => d.Guid!).Order(StringComparer.Ordinal).ToList();

    public static void AssertNoErrors(JobReport report)
    {
        Assert.Empty(report.GatherErrors);
        Assert.Empty(report.ObjectErrors);
        Assert.Equal(0, report.Stats.Errored);
    }

    public static int ObjectCount(this TestHarvest harvest, JobReport report) =>
        harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, IncludeContent: false)).Count;
}
