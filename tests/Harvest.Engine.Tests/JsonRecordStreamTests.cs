using System.Text;
using System.Text.Json;
using Harvest.Engine.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>The streaming reader of a catalog's records, driven directly.</summary>
public sealed class JsonRecordStreamTests
{
    private const string Doc = "test.data.json";

    private static async Task<List<JsonRecord>> ReadAllAsync(Stream stream, long maxBytes = long.MaxValue)
    {
        var records = new List<JsonRecord>();
        await foreach (var record in new JsonRecordStream(stream, "dataset", maxBytes, Doc).ReadAsync())
            records.Add(record);
        return records;
    }

    private static Task<List<JsonRecord>> ReadAllAsync(string json, long maxBytes = long.MaxValue) =>
        ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), maxBytes);

    /// <summary>Reads until the stream throws; returns the records yielded before and the error.</summary>
    private static async Task<(List<JsonRecord> Records, JsonDocumentFormatException Error)> ReadUntilErrorAsync(Stream stream, long maxBytes = long.MaxValue)
    {
        var records = new List<JsonRecord>();
        var error = await Assert.ThrowsAsync<JsonDocumentFormatException>(async () =>
        {
            await foreach (var record in new JsonRecordStream(stream, "dataset", maxBytes, Doc).ReadAsync())
                records.Add(record);
        });
        Assert.Contains(Doc, error.Message, StringComparison.Ordinal);
        return (records, error);
    }

    private static Task<(List<JsonRecord> Records, JsonDocumentFormatException Error)> ReadUntilErrorAsync(string json, long maxBytes = long.MaxValue) =>
        ReadUntilErrorAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), maxBytes);

    private static string Text(JsonRecord record) => Encoding.UTF8.GetString(record.Utf8.Span);

    private static string Identifier(JsonRecord record)
    {
        using var document = JsonDocument.Parse(record.Utf8);
        return document.RootElement.GetProperty("identifier").GetString()!;
    }

    /// <summary>A catalog whose records vary in size and hold multi-byte characters, one key per line.</summary>
    private static string VariedCatalog(int count)
    {
        var records = Enumerable.Range(0, count).Select(i => DataJsonBuilder.Record(
            $"rec-{i}", $"Récord {i} — 日本語 {new string('x', i * 37 % 900)}", $"Line \"{i}\" with \\ escapes\tand ü", "k1", $"k{i}"));
        return DataJsonBuilder.Catalog(records.ToArray());
    }

    /// <summary>The raw text of each record of a catalog, as the whole-document parser sees it.</summary>
    private static List<string> RawRecords(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("dataset").EnumerateArray().Select(e => e.GetRawText()).ToList();
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    public async Task Records_split_across_reads_of_a_few_bytes_come_out_whole(int seed, int maxChunk)
    {
        var json = VariedCatalog(250);
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 3 * 64 * 1024, "the document must cross the 64 KB buffer several times");
        var trickle = new TrickleStream(bytes, maxChunk, seed);

        var trickled = await ReadAllAsync(trickle);
        var whole = await ReadAllAsync(new MemoryStream(bytes));

        Assert.True(trickle.Reads > bytes.Length / maxChunk, "the stream must have been read a few bytes at a time");
        Assert.Equal(RawRecords(json), trickled.Select(Text).ToList());
        Assert.Equal(whole.Select(r => (r.Index, r.Line, Text(r))), trickled.Select(r => (r.Index, r.Line, Text(r))));
        Assert.Equal(Enumerable.Range(0, 250), trickled.Select(r => r.Index));
    }

    [Fact]
    public async Task Records_that_straddle_the_64_KB_buffer_boundary_are_whole()
    {
        // Each record is about 1,500 bytes, so dozens straddle a multiple of 64 KB as the buffer is refilled.
        var json = DataJsonBuilder.Catalog(Enumerable.Range(0, 400)
            .Select(i => DataJsonBuilder.Record($"s-{i}", $"Straddle {i}", new string((char)('a' + i % 26), 1300))).ToArray());
        var records = await ReadAllAsync(json);
        Assert.Equal(RawRecords(json), records.Select(Text).ToList());
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"s-{i}"), records.Select(Identifier));
    }

    [Theory]
    [InlineData(70 * 1024)]
    [InlineData(300 * 1024)]
    [InlineData(2 * 1024 * 1024)]
    public async Task A_record_larger_than_the_initial_buffer_is_read_whole(int size)
    {
        var big = new Dictionary<string, object?>
        {
            ["identifier"] = "big",
            ["title"] = "Big",
            ["description"] = new string('d', size),
            ["distribution"] = Enumerable.Range(0, 200).Select(i => new { downloadURL = $"https://example.org/{i}.csv", title = $"part {i}" }).ToArray(),
        };
        var json = DataJsonBuilder.Catalog(DataJsonBuilder.Record("before", "Before"), big, DataJsonBuilder.Record("after", "After"));
        // A few KB per read, like a network stream, so the big record arrives over many refills.
        var records = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), maxChunk: 8192, seed: 5));

        Assert.Equal(["before", "big", "after"], records.Select(Identifier));
        Assert.True(records[1].Utf8.Length > size);
        Assert.Equal(RawRecords(json), records.Select(Text).ToList());
    }

    [Fact]
    public async Task A_record_larger_than_the_buffer_arriving_a_few_bytes_at_a_time_is_whole()
    {
        var json = DataJsonBuilder.Catalog(DataJsonBuilder.Record("small", "Small"),
            DataJsonBuilder.Record("big", "Big", new string('é', 40 * 1024)), DataJsonBuilder.Record("last", "Last"));
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 80 * 1024);
        var records = await ReadAllAsync(new TrickleStream(bytes, maxChunk: 7, seed: 9));
        Assert.Equal(RawRecords(json), records.Select(Text).ToList());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Records_carry_the_line_they_start_on(string newline)
    {
        var lines = new[]
        {
            "{",                                              // 1
            "  \"@type\": \"dcat:Catalog\",",                 // 2
            "  \"dataset\": [",                               // 3
            "    {\"identifier\": \"a\", \"title\": \"A\"},", // 4
            "    // a comment between records",               // 5
            "    /* a block",                                 // 6
            "       comment */",                              // 7
            "    {",                                          // 8
            "      \"identifier\": \"b\",",                   // 9
            "      \"title\": \"B\"",                         // 10
            "    },",                                         // 11
            "",                                               // 12
            "",                                               // 13
            "    {\"identifier\": \"c\", \"title\": \"C\"}, {\"identifier\": \"d\", \"title\": \"D\"}", // 14
            "  ]",                                            // 15
            "}",                                              // 16
        };
        var json = string.Join(newline, lines);
        var records = await ReadAllAsync(json);
        Assert.Equal(["a", "b", "c", "d"], records.Select(Identifier));
        Assert.Equal([4, 8, 14, 14], records.Select(r => r.Line));
        Assert.Equal([0, 1, 2, 3], records.Select(r => r.Index));

        var trickled = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), 3, 4));
        Assert.Equal([4, 8, 14, 14], trickled.Select(r => r.Line));
    }

    [Fact]
    public async Task Line_numbers_stay_right_across_many_buffer_refills()
    {
        // Line 1 "{", line 2 a long key, line 3 "dataset": [, then each record takes 3 lines.
        var builder = new StringBuilder();
        builder.Append("{\n  \"padding\": \"").Append('p', 100_000).Append("\",\n  \"dataset\": [\n");
        const int count = 3000;
        for (var i = 0; i < count; i++)
            builder.Append("    {\n      \"identifier\": \"r").Append(i).Append("\", \"title\": \"T\"\n    }").Append(i < count - 1 ? ",\n" : "\n");
        builder.Append("  ]\n}\n");
        var json = builder.ToString();

        foreach (var stream in new Stream[] { new MemoryStream(Encoding.UTF8.GetBytes(json)), new TrickleStream(Encoding.UTF8.GetBytes(json), 7, 11) })
        {
            var records = await ReadAllAsync(stream);
            Assert.Equal(count, records.Count);
            for (var i = 0; i < count; i++)
                Assert.True(records[i].Line == 4 + 3 * i, $"record {i} starts on line {4 + 3 * i}, reported {records[i].Line}");
        }
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_tolerated()
    {
        const string json = """
            // a catalog written by hand
            /* with block comments */ {
              "@type": "dcat:Catalog", // trailing line comment
              "dataset": [ /* first */
                {"identifier": "a", "title": "A"},
                /* between */ {"identifier": "b", "title": "B"}, // after
                {"identifier": "c", "title": "C"},
              ],
              "after": [1, 2,],
            }
            // the end
            """;
        var records = await ReadAllAsync(json);
        Assert.Equal(["a", "b", "c"], records.Select(Identifier));
        // A record's bytes are the element only: none of the comments around it.
        Assert.Equal("""{"identifier": "b", "title": "B"}""", Text(records[1]));
    }

    [Fact]
    public async Task A_bare_top_level_array_of_records_is_accepted()
    {
        var records = await ReadAllAsync("""[{"identifier": "a", "title": "A"}, {"identifier": "b", "title": "B"}]""");
        Assert.Equal(["a", "b"], records.Select(Identifier));
    }

    [Fact]
    public async Task Elements_that_are_not_objects_are_still_yielded_for_the_harvester_to_judge()
    {
        var records = await ReadAllAsync("""{"dataset": [1, "two", null, [3], {"identifier": "x"}]}""");
        Assert.Equal(["1", "\"two\"", "null", "[3]", """{"identifier": "x"}"""], records.Select(Text));
    }

    [Fact]
    public async Task The_dataset_array_is_found_after_large_and_nested_top_level_keys()
    {
        var builder = new StringBuilder("{\n");
        builder.Append("  \"description\": \"").Append('z', 150_000).Append("\",\n");
        builder.Append("  \"nested\": {\"dataset\": \"not this one\", \"deeper\": {\"dataset\": [{\"identifier\": \"wrong\"}]}},\n");
        builder.Append("  \"list\": [[{\"dataset\": [{\"identifier\": \"wrong too\"}]}], ").Append(string.Join(",", Enumerable.Range(0, 20_000))).Append("],\n");
        builder.Append("  \"flag\": true, \"nothing\": null, \"n\": -1.5e3,\n");
        builder.Append("  \"dataset\": [{\"identifier\": \"right\", \"title\": \"R\"}],\n");
        builder.Append("  \"trailing\": {\"dataset\": []}\n}");
        var json = builder.ToString();

        var records = await ReadAllAsync(json);
        Assert.Equal(["right"], records.Select(Identifier));
        var trickled = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), 7, 2));
        Assert.Equal(["right"], trickled.Select(Identifier));
        Assert.Equal(6, trickled[0].Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_UTF8_byte_order_mark_is_skipped(bool trickle)
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"dataset": [{"identifier": "bom", "title": "B"}]}""")).ToArray();
        Stream stream = trickle ? new TrickleStream(bytes, maxChunk: 1) : new MemoryStream(bytes);
        var records = await ReadAllAsync(stream);
        Assert.Equal(["bom"], records.Select(Identifier));
    }

    [Fact]
    public async Task An_empty_dataset_array_yields_nothing()
    {
        Assert.Empty(await ReadAllAsync("""{"@type": "dcat:Catalog", "dataset": [ ]}"""));
        Assert.Empty(await ReadAllAsync("[]"));
    }

    [Theory]
    [InlineData("\"just a string\"", "it is a string")]
    [InlineData("42", "it is a number")]
    [InlineData("true", "it is a boolean")]
    [InlineData("null", "it is null")]
    [InlineData("""{"@type": "dcat:Catalog", "title": "no datasets"}""", "without a 'dataset' array")]
    [InlineData("{}", "without a 'dataset' array")]
    [InlineData("""{"dataset": {"identifier": "a"}}""", "'dataset' is an object, not an array")]
    [InlineData("""{"dataset": "a,b"}""", "'dataset' is a string, not an array")]
    [InlineData("""{"dataset": 3}""", "'dataset' is a number, not an array")]
    [InlineData("""{"dataset": null}""", "'dataset' is null, not an array")]
    public async Task JSON_that_is_not_a_catalog_is_refused_with_what_it_is(string json, string expected)
    {
        var (records, error) = await ReadUntilErrorAsync(json);
        Assert.Empty(records);
        Assert.Contains("is not a data catalog", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public async Task An_empty_document_is_refused(string json)
    {
        var (records, error) = await ReadUntilErrorAsync(json);
        Assert.Empty(records);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // garbage after the closing bracket of the catalog object, on line 4
    [InlineData("{\"dataset\": [\n{\"identifier\": \"a\"},\n{\"identifier\": \"b\"}]}\n garbage", 2, 4)]
    // a second closing bracket after a bare array
    [InlineData("[\n{\"identifier\": \"a\"},\n{\"identifier\": \"b\"}\n]\n]", 2, 5)]
    // a second top-level value
    [InlineData("[{\"identifier\": \"a\"}]\n\n{}", 1, 3)]
    // a key after the array with no value
    [InlineData("{\"dataset\": [{\"identifier\": \"a\"}],\n\"after\": }", 1, 2)]
    // a bad nested value after the array
    [InlineData("{\"dataset\": [{\"identifier\": \"a\"}],\n\"after\": [1, 2}\n}", 1, 2)]
    public async Task The_rest_of_the_document_after_the_array_is_validated(string json, int recordsBefore, int line)
    {
        var (records, error) = await ReadUntilErrorAsync(json);
        // Every record was handed out before the problem was found: a gather must not keep them.
        Assert.Equal(recordsBefore, records.Count);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"dataset\": [{\"identifier\": \"a\"}]")]
    [InlineData("{\"dataset\": [{\"identifier\": \"a\"}], \"more\": [1, 2")]
    [InlineData("[{\"identifier\": \"a\"}")]
    [InlineData("[{\"identifier\": \"a\"},\n")]
    [InlineData("{\"dataset\": [{\"identifier\": \"a\"},\n  ")]
    public async Task A_document_truncated_after_its_records_is_refused(string json)
    {
        var (records, error) = await ReadUntilErrorAsync(json);
        Assert.Single(records);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"line [12]\b", error.Message);
    }

    [Fact]
    public async Task Malformed_JSON_halfway_names_its_line_after_the_good_records()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"  {{\"identifier\": \"r{i}\", \"title\": \"T{i}\"}},").ToList();
        lines.Insert(0, "{\"dataset\": [");              // line 1; records on lines 2..101
        lines.Add("  {\"identifier\": \"bad\" \"title\": \"missing comma\"},"); // line 102
        lines.Add("  {\"identifier\": \"never\", \"title\": \"N\"}");
        lines.Add("]}");
        var json = string.Join("\n", lines);

        foreach (var stream in new Stream[] { new MemoryStream(Encoding.UTF8.GetBytes(json)), new TrickleStream(Encoding.UTF8.GetBytes(json), 5, 8) })
        {
            var (records, error) = await ReadUntilErrorAsync(stream);
            Assert.Equal(100, records.Count);
            Assert.Contains("not valid JSON at line 102", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_document_cut_off_inside_a_record_is_refused_with_a_line()
    {
        var json = VariedCatalog(50);
        var cut = json[..(json.Length * 2 / 3)];
        var expectedComplete = RawRecords(json).Count(r => cut.Contains(r, StringComparison.Ordinal));
        var (records, error) = await ReadUntilErrorAsync(cut);
        Assert.InRange(records.Count, expectedComplete - 1, expectedComplete);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"line \d+", error.Message);
    }

    [Fact]
    public async Task A_stream_longer_than_the_cap_is_refused_naming_the_cap()
    {
        var bytes = Encoding.UTF8.GetBytes(VariedCatalog(100));
        var (_, error) = await ReadUntilErrorAsync(new MemoryStream(bytes), maxBytes: 10_000);
        Assert.Contains("size cap of 10,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_document_bytes", error.Message, StringComparison.Ordinal);

        // Exactly at the cap is allowed.
        Assert.Equal(100, (await ReadAllAsync(new MemoryStream(bytes), maxBytes: bytes.Length)).Count);
    }

    [Fact]
    public async Task A_record_that_is_not_UTF8_is_refused_naming_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"dataset\": [\n{\"identifier\": \"a\"},\n\n{\"identifier\": \"b\", \"title\": \"Caf#\"}\n]}");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9; // Latin-1 'é'
        var (records, error) = await ReadUntilErrorAsync(new MemoryStream(bytes));
        Assert.Single(records);
        Assert.Contains("the record at line 4 is not UTF-8 text", error.Message, StringComparison.Ordinal);
    }
}
