using System.Text;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Harvesters.DataJson;
using Harvest.Engine.Http;
using Harvest.Engine.Json;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Harvest.Engine.Tests;

/// <summary>Run alone: the memory samples are process-wide, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeCatalogCollection
{
    public const string Name = "large catalogs";
}

/// <summary>
/// Generated catalogs far larger than any buffer. A 200 MB data.json is read record by record, by the record
/// stream and by the data.json harvester's gather, with live memory that does not grow with the document; and a
/// generated catalog of about 20,000 records (40 MB) harvests completely through the SQLite store, again with
/// bounded memory. (A full harvest of the 200 MB catalog through SQLite takes about 90 s on two cores, too long
/// for every test run.) Live memory is GC.GetTotalMemory after a full collection, sampled while reading; the
/// collection runs alone so that no other test's allocations count.
/// </summary>
[Collection(LargeCatalogCollection.Name)]
public sealed class LargeCatalogTests(ITestOutputHelper output)
{
    private const long MB = 1024 * 1024;

    /// <summary>
    /// Writes a catalog of about <paramref name="targetBytes"/> with a streaming writer, records of about 2 KB
    /// indented like a real data.json; returns the number of records.
    /// </summary>
    private static int WriteCatalog(string path, long targetBytes)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        writer.Write("{\n  \"@type\": \"dcat:Catalog\",\n  \"conformsTo\": \"https://project-open-data.cio.gov/v1.1/schema\",\n  \"dataset\": [\n");
        var words = new[] { "water", "quality", "census", "transit", "budget", "parcel", "air", "school", "health", "permit", "road", "river" };
        var count = 0;
        while (writer.BaseStream.Position < targetBytes)
        {
            if (count > 0) writer.Write(",\n");
            var description = new StringBuilder(1500);
            for (var w = 0; description.Length < 1400; w++)
                description.Append(words[(count + w * 7) % words.Length]).Append(' ');
            writer.Write($$"""
                    {
                      "@type": "dcat:Dataset",
                      "identifier": "gen-{{count}}",
                      "title": "Generated dataset {{count}} about {{words[count % words.Length]}}",
                      "description": "{{description}}",
                      "keyword": ["{{words[count % words.Length]}}", "{{words[(count + 3) % words.Length]}}", "generated"],
                      "modified": "2026-01-{{1 + count % 28:00}}",
                      "publisher": {"@type": "org:Organization", "name": "Agency {{count % 20}}"},
                      "contactPoint": {"@type": "vcard:Contact", "fn": "Data Desk", "hasEmail": "mailto:data@example.org"},
                      "accessLevel": "public",
                      "bureauCode": ["000:00"],
                      "programCode": ["000:000"],
                      "distribution": [
                        {"@type": "dcat:Distribution", "downloadURL": "https://example.org/gen-{{count}}.csv", "mediaType": "text/csv"},
                        {"@type": "dcat:Distribution", "accessURL": "https://example.org/gen-{{count}}/api", "format": "API"}
                      ]
                    }
                """);
            count++;
        }
        writer.Write("\n  ]\n}\n");
        return count;
    }

    private static long LiveBytes() => GC.GetTotalMemory(forceFullCollection: true);

    private static string MiB(long bytes) => $"{bytes / (double)MB:F1} MB";

    [Fact]
    public async Task Reading_a_200_MB_catalog_keeps_live_memory_small()
    {
        var folder = Directory.CreateTempSubdirectory("harvest-large-").FullName;
        try
        {
            var path = Path.Combine(folder, "large.data.json");
            var written = WriteCatalog(path, 200 * MB);
            var length = new FileInfo(path).Length;
            Assert.True(length >= 200 * MB, $"the generated catalog is {length:N0} bytes");

            // 1. The record stream alone.
            var baseline = LiveBytes();
            var peak = baseline;
            var count = 0;
            var lastLine = 0;
            long recordBytes = 0;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            {
                await foreach (var record in new JsonRecordStream(stream, "dataset", long.MaxValue, path).ReadAsync())
                {
                    Assert.Equal(count, record.Index);
                    Assert.True(record.Line > lastLine);
                    lastLine = record.Line;
                    recordBytes += record.Utf8.Length;
                    if (++count % 5000 == 0)
                        peak = Math.Max(peak, LiveBytes());
                }
            }
            var streamGrowth = Math.Max(peak, LiveBytes()) - baseline;
            output.WriteLine($"record stream: document {length:N0} bytes, {count:N0} records ({recordBytes:N0} bytes of records); " +
                             $"live memory baseline {MiB(baseline)}, growth at peak {MiB(streamGrowth)}");
            Assert.Equal(written, count);
            // The header takes 4 lines and each record 17, so record n starts on line 5 + 17 n.
            Assert.Equal(5 + 17 * (count - 1), lastLine);
            Assert.True(streamGrowth < 50 * MB, $"live memory grew by {streamGrowth:N0} bytes while streaming a {length:N0} byte document");

            // 2. The data.json harvester's gather, which checks each record and keeps its content.
            using var http = new HttpClient();
            var source = new HarvestSource { SourceId = "s", Name = "large", Url = path, Type = DataJsonHarvester.TypeName };
            var job = new HarvestJob { JobId = "j", SourceId = "s" };
            var context = new GatherContext(source, job, new JsonObject(), new RemoteDocuments(http, long.MaxValue));
            baseline = LiveBytes();
            peak = baseline;
            var gathered = 0;
            var errors = 0;
            await foreach (var record in new DataJsonHarvester().GatherAsync(context, CancellationToken.None))
            {
                if (record.Error is not null) errors++;
                if (++gathered % 5000 == 0)
                {
                    Assert.Equal($"gen-{gathered - 1}", record.Guid);
                    peak = Math.Max(peak, LiveBytes());
                }
            }
            var gatherGrowth = Math.Max(peak, LiveBytes()) - baseline;
            output.WriteLine($"datajson gather: {gathered:N0} records, {errors} errors; live memory baseline {MiB(baseline)}, growth at peak {MiB(gatherGrowth)}");
            Assert.Equal(written, gathered);
            Assert.Equal(0, errors);
            Assert.True(gatherGrowth < 50 * MB, $"live memory grew by {gatherGrowth:N0} bytes while gathering a {length:N0} byte document");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Samples live memory on the harvesting thread as the stages report progress.</summary>
    private sealed class MemorySampler : IProgress<StageProgress>
    {
        private int _reports;
        public long Peak { get; private set; }
        public Dictionary<HarvestStage, int> Done { get; } = [];

        public void Report(StageProgress value)
        {
            Done[value.Stage] = value.Done;
            if (_reports++ % 10 == 0) Peak = Math.Max(Peak, LiveBytes());
        }
    }

    [Fact]
    public async Task A_generated_catalog_of_about_20000_records_harvests_completely_with_bounded_memory()
    {
        using var harvest = new TestHarvest();
        var path = Path.Combine(harvest.Folder, "generated.data.json");
        var written = WriteCatalog(path, 40 * MB);
        var length = new FileInfo(path).Length;
        Assert.True(written >= 19_000, $"{written} records");
        harvest.AddSource(path);

        var baseline = LiveBytes();
        var sampler = new MemorySampler();
        var report = await harvest.Engine.Jobs.RunNowAsync("test-source", new RunOptions { Progress = sampler });
        var growth = Math.Max(sampler.Peak, LiveBytes()) - baseline;
        output.WriteLine($"full harvest: document {length:N0} bytes, {written:N0} records; live memory baseline {MiB(baseline)}, growth at peak {MiB(growth)}");

        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = written }, report.Stats);
        Assert.Equal(written, sampler.Done[HarvestStage.Gather]);
        Assert.Equal(written, sampler.Done[HarvestStage.Import]);
        // The document is 40 MB (80 MB as .NET strings): holding it, or all its objects, would exceed this.
        Assert.True(growth < 50 * MB, $"live memory grew by {growth:N0} bytes while harvesting a {length:N0} byte document");

        var datasets = harvest.Engine.Datasets("test-source");
        Assert.Equal(written, datasets.Count);
        Assert.Equal(written, datasets.Select(d => d.Name).Distinct().Count());
        var last = datasets.Single(d => d.Guid == $"gen-{written - 1}");
        Assert.Equal(2, last.Resources.Count);
        Assert.Equal($"https://example.org/gen-{written - 1}.csv", last.Resources[0].Url);
        Assert.Equal(written, harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, Current: true, Limit: int.MaxValue, IncludeContent: false)).Count);
    }
}
