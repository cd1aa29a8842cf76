using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Harvest.Engine.Import;
using Harvest.Engine.Json;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Text;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// A record with one field of megabytes (issue 18 item 7) takes the paths kept for large records: the record stream hands
/// its buffer over, long strings are canonicalised in segments, the raw text is hashed in slices. Each must give what the
/// ordinary paths give: the record intact, the same hashes. (Memory itself is measured by bench/run-memory, not here.)
/// </summary>
public sealed class HugeFieldTests
{
    /// <summary>
    /// About <paramref name="bytes"/> of text with what a canonical writer must escape or keep: line breaks and tabs, quotes
    /// and backslashes, HTML-sensitive characters, two- three- and four-byte UTF-8, all crossing the segment boundaries.
    /// </summary>
    private static string HugeText(int bytes)
    {
        string[] pieces = ["plain words here ", "line\nbreak\ttab ", "\"quoted\" back\\slash ", "<b>&amp;'x'</b> ", "café ", "日本語 ", "😀 emoji ", "\u007f\u0001 "];
        var text = new StringBuilder(bytes + 64);
        for (var i = 0; text.Length < bytes; i++) text.Append(pieces[(i * 7 + i / 3) % pieces.Length]);
        return text.Append("end").ToString(); // no space at either end: the mapper trims text
    }

    /// <summary>The record's canonical text written the ordinary way: keys sorted, each string written whole.</summary>
    private static string ExpectedHash(SortedDictionary<string, string> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields) writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static SortedDictionary<string, string> Record(string description) => new(StringComparer.Ordinal)
    {
        ["identifier"] = "huge-1", ["title"] = "A huge record", ["description"] = description, ["accessLevel"] = "public",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_long_string_hashes_as_if_written_whole(bool escapedInSource)
    {
        var fields = Record(HugeText(3 << 20));
        // The same record as a catalog may hold it: with every non-ASCII character escaped (\uXXXX, surrogate pairs), or raw.
        var options = new JsonSerializerOptions
        {
            Encoder = escapedInSource ? System.Text.Encodings.Web.JavaScriptEncoder.Default : System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        var json = JsonSerializer.Serialize(fields.Reverse().ToDictionary(), options);
        Assert.Equal(escapedInSource, json.Contains("\\u00e9", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(ExpectedHash(fields), CanonicalJson.Hash(json));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(ExpectedHash(fields), CanonicalJson.Hash(document.RootElement));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_long_string_value_reads_as_GetString_gives_it_trimmed(bool escapedInSource)
    {
        var options = new JsonSerializerOptions
        {
            Encoder = escapedInSource ? System.Text.Encodings.Web.JavaScriptEncoder.Default : System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // White space at either end, escaped or not, some of it beyond ASCII (a no-break space), and a four-byte character
        // at each end of the text kept: read in slices, the value must come out as trimming the whole string gives it.
        foreach (var value in new[]
                 {
                     HugeText(300_000), " \n\t\u00a0 " + HugeText(200_000) + "😀 \r\n\u2003", "😀" + new string('x', 4 * 16 * 1024 - 2) + "é日😀",
                     new string(' ', 70_000) + "\n", new string('y', 65_536),
                 })
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["d"] = value }, options));
            var element = document.RootElement.GetProperty("d");
            Assert.True(SegmentedString.IsLong(element));
            Assert.Equal(element.GetString(), SegmentedString.Read(element, trim: false));
            var trimmed = element.GetString()!.Trim();
            Assert.Equal(trimmed.Length == 0 ? null : trimmed, JsonText.String(document.RootElement, "d"));
            Assert.Equal(trimmed.Length == 0 ? null : trimmed, JsonText.StringOrNumber(document.RootElement, "d"));
        }
    }

    [Fact]
    public void A_long_string_with_a_lone_surrogate_escape_is_refused_as_the_short_one_is()
    {
        var json = "{\"d\":\"" + new string('a', 100_000) + "\\ud800 and on\"}";
        Assert.Throws<InvalidOperationException>(() => CanonicalJson.Hash(json));
        using (var document = JsonDocument.Parse(json))
            Assert.Throws<InvalidOperationException>(() => JsonText.String(document.RootElement, "d"));
        Assert.ThrowsAny<InvalidOperationException>(() => CanonicalJson.Hash("{\"d\":\"a\\ud800 and on\"}"));
    }

    [Fact]
    public void The_raw_hash_in_slices_is_the_hash_of_the_whole_text()
    {
        foreach (var text in new[] { "", "short", HugeText(100_000), "😀" + new string('x', 16 * 1024 - 1) + "😀", "lone \ud800 surrogate " + new string('y', 40_000) + "\udc00" })
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), RecordRules.RawHash(text));
    }

    /// <summary>
    /// JsonDocument hands the pool its token table (an array the size of the record's UTF-8) as soon as it has parsed a
    /// record of a few long values; the pool would keep it. The array this thread hands the pool is the next it rents, so
    /// the table is seeded here as a known array: after a parse through <see cref="JsonText"/> the pool no longer holds it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_record_parse_leaves_its_token_table_out_of_the_shared_pool(bool valid)
    {
        var utf8 = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Record(new string('w', 3 << 20))) + (valid ? "" : ","));
        var pool = System.Buffers.ArrayPool<byte>.Shared;

        var seeded = pool.Rent(utf8.Length + 12);
        pool.Return(seeded);
        ParseOrFail(b => JsonDocument.Parse(b));
        var afterPlainParse = pool.Rent(utf8.Length + 12);
        Assert.Same(seeded, afterPlainParse); // what JsonText.Parse undoes: the table went back to the pool
        pool.Return(afterPlainParse);

        ParseOrFail(b => JsonText.Parse(b));
        var afterParse = pool.Rent(utf8.Length + 12);
        Assert.NotSame(seeded, afterParse);

        void ParseOrFail(Func<ReadOnlyMemory<byte>, JsonDocument> parse)
        {
            try
            {
                parse(utf8).Dispose();
                Assert.True(valid);
            }
            catch (JsonException)
            {
                Assert.False(valid);
            }
        }
    }

    [Fact]
    public async Task A_record_of_megabytes_between_small_ones_is_read_intact()
    {
        var huge = JsonSerializer.Serialize(Record(HugeText(5 << 20)));
        var json = $$"""{"dataset": [{"identifier": "a", "title": "A"}, {{huge}}, {"identifier": "b", "title": "B"}, {"identifier": "c"}]}""";
        // Small reads, as from a network: the record arrives in many pieces and the buffer grows under it.
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(json), 7919);
        var records = new List<JsonRecord>();
        await foreach (var record in new JsonRecordStream(stream, "dataset", long.MaxValue, "catalog").ReadAsync())
            records.Add(record);

        Assert.Equal(["""{"identifier": "a", "title": "A"}""", huge, """{"identifier": "b", "title": "B"}""", """{"identifier": "c"}"""],
            records.Select(r => Encoding.UTF8.GetString(r.Utf8.Span)));
    }

    [Fact]
    public async Task A_huge_description_is_imported_intact_with_the_hash_of_the_same_record_alone()
    {
        var description = HugeText(4 << 20);
        var fields = Record(description);
        using var harvest = new TestHarvest();
        var small = """{"identifier": "small-1", "title": "Small", "description": "short"}""";
        var path = harvest.WriteFile("catalog.json", $$"""{"dataset": [{{small}}, {{JsonSerializer.Serialize(fields)}}, {{small.Replace("small-1", "small-2")}}]}""");
        harvest.AddSource(path);

        var report = await harvest.RunAsync();

        Assert.Equal(3, report.Stats.Added);
        var dataset = Assert.Single(harvest.Engine.Datasets(), d => d.Guid == "huge-1");
        Assert.Equal(description, dataset.Notes);
        var stored = Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.Job.JobId)), o => o.Guid == "huge-1");
        Assert.Equal(ExpectedHash(fields), stored.ContentHash);

        // Harvested again unchanged: nothing to import, the raw hash of the stored text matches.
        var again = await harvest.RunAsync();
        Assert.Equal(3, again.Stats.NotModified);
    }

    [Fact]
    public async Task A_huge_record_whose_content_import_let_go_is_still_stored_and_imports_again_by_object_id()
    {
        // White space around the description: the mapper trims it, now without a copy of the whole text.
        var description = HugeText(3 << 20);
        var fields = Record(" \n" + description + "\n ");
        using var harvest = new TestHarvest();
        var small = """{"identifier": "small-1", "title": "Small", "description": "short"}""";
        var json = JsonSerializer.Serialize(fields);
        harvest.AddSource(harvest.WriteFile("catalog.json", $$"""{"dataset": [{{small}}, {{json}}]}"""));

        var report = await harvest.RunAsync();

        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(description, Assert.Single(harvest.Engine.Datasets(), d => d.Guid == "huge-1").Notes);
        var source = harvest.Engine.Sources.Get("test-source");
        var stored = harvest.Engine.Store.FindCurrentObject(source.SourceId, "huge-1")!;
        Assert.Equal(json, harvest.Engine.Store.FindObject(stored.ObjectId)!.Content);

        var dataset = harvest.Engine.Datasets().Single(d => d.Guid == "huge-1");
        harvest.Engine.Store.UpdateDataset(dataset with { Notes = "tampered" });
        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { ObjectId = stored.ObjectId });

        Assert.Equal(1, result.ByStatus[ReportStatus.Updated]);
        Assert.Equal(description, harvest.Engine.Datasets().Single(d => d.Guid == "huge-1").Notes);
        // The object's update after the import wrote its state, not its content.
        Assert.Equal(json, harvest.Engine.Store.FindObject(stored.ObjectId)!.Content);
    }
}
