using System.Text.Json;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.Web.Tests.Support;

/// <summary>What a catalog holds, dataset by dataset, without the ids, dates and provenance that differ between instances.</summary>
public static class CatalogSnapshot
{
    public static SortedDictionary<string, string> Of(HarvestEngine engine, Func<Dataset, Dataset>? expect = null) =>
        new(engine.Datasets(includeDeleted: true).Select(expect ?? (d => d)).ToDictionary(d => d.Name, d => JsonSerializer.Serialize(new
        {
            d.Name, d.Title, d.Notes, d.Url, d.Tags, d.Groups, d.Organization, State = d.State.ToString(),
            Extras = new SortedDictionary<string, string>(d.Extras.ToDictionary(), StringComparer.Ordinal),
            Resources = d.Resources.Select(r => new { r.Url, r.Name, r.Description, r.Format, r.MediaType }),
        })), StringComparer.Ordinal);

    /// <summary>Asserts equality naming the first datasets that differ, rather than dumping two whole catalogs.</summary>
    public static void AssertSame(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, string what)
    {
        var missing = expected.Keys.Except(actual.Keys).Take(5).ToList();
        var extra = actual.Keys.Except(expected.Keys).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{what}: missing {string.Join(", ", missing)}; unexpected {string.Join(", ", extra)}");
        foreach (var (name, json) in expected)
            Assert.True(json == actual[name], $"{what}: dataset {name} differs:\n  A: {json}\n  B: {actual[name]}");
    }
}
