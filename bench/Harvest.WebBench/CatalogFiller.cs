using System.Diagnostics;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.WebBench;

/// <summary>Fills a store with N synthetic active datasets (a seed gives the same catalog): 20 organizations, tags from 300 words, 2-4 resources, 5 extras, notes of 300-1200 characters.</summary>
internal static class CatalogFiller
{
    public static readonly string[] Words = [.. Enumerable.Range(0, 300).Select(i => $"topic{i:000}")];
    public static readonly string[] Organizations = [.. Enumerable.Range(0, 20).Select(i => $"agency-{i:00}")];

    public static TimeSpan Fill(HarvestEngine engine, int count, int seed)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        foreach (var organization in Organizations) engine.Store.EnsureGroup(organization, organization.Replace('-', ' ').ToUpperInvariant(), isOrganization: true);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < count; batch += 5000)
        {
            using var transaction = engine.Store.BeginTransaction();
            for (var i = batch; i < Math.Min(count, batch + 5000); i++)
            {
                var tags = Enumerable.Range(0, random.Next(3, 9)).Select(_ => Words[random.Next(Words.Length)]).Distinct().ToList();
                var modified = start.AddMinutes(random.Next(0, 3 * 365 * 24 * 60));
                engine.Store.InsertDataset(new Dataset
                {
                    DatasetId = Guid.NewGuid().ToString(),
                    Name = $"dataset-{i:000000}",
                    Title = $"Dataset {i} about {tags[0]} and {tags[^1]}",
                    Notes = string.Join(' ', Enumerable.Range(0, random.Next(40, 160)).Select(_ => Words[random.Next(Words.Length)])),
                    Url = $"https://example.org/datasets/{i}",
                    Tags = tags,
                    Organization = Organizations[random.Next(Organizations.Length)],
                    Extras = new Dictionary<string, string>
                    {
                        ["identifier"] = $"id-{i}", ["accessLevel"] = "public", ["modified"] = modified.ToString("yyyy-MM-dd"),
                        ["publisher"] = """{"@type":"org:Organization","name":"Agency"}""", ["bureauCode"] = """["015:11"]""",
                    },
                    Resources = [.. Enumerable.Range(0, random.Next(2, 5)).Select(r => new DatasetResource
                    {
                        Url = $"https://example.org/files/{i}/{r}.csv", Name = $"File {r}", Format = "CSV", MediaType = "text/csv",
                    })],
                    MetadataCreated = modified, MetadataModified = modified,
                });
            }
            transaction.Commit();
        }
        engine.Store.RefreshStatistics();
        return clock.Elapsed;
    }
}
