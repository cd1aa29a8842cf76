using System.Text;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// Catalog documents that are broken or are not catalogs: the job finishes with a gather error naming the
/// document and where it is broken, keeps no objects, and leaves the datasets of earlier jobs exactly as they were.
/// Also the unusual forms that are accepted.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>A harvest whose first job imported three datasets from a local file; returns the file and the snapshot.</summary>
    private static async Task<(string Path, string Before)> HarvestThreeAsync(TestHarvest harvest)
    {
        var path = harvest.WriteFile("catalog.data.json", CatalogState.Catalog(3));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();
        Assert.Equal(3, first.Stats.Added);
        Assert.Empty(first.GatherErrors);
        return (path, CatalogState.Snapshot(harvest));
    }

    /// <summary>After a failed job, the unchanged catalog harvests again as all not modified.</summary>
    private static async Task AssertNextGoodHarvestIsNotModifiedAsync(TestHarvest harvest, string path)
    {
        File.WriteAllText(path, CatalogState.Catalog(3));
        var again = await harvest.RunAsync();
        Assert.Empty(again.GatherErrors);
        Assert.Equal(new JobStats { NotModified = 3 }, again.Stats);
    }

    [Fact]
    public async Task Malformed_JSON_at_the_start_is_a_gather_error_naming_the_file_and_line()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        File.WriteAllText(path, "{ this is not JSON }");
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not valid JSON at line 1");
        CatalogState.AssertUnchanged(harvest, before, 3);
        await AssertNextGoodHarvestIsNotModifiedAsync(harvest, path);
    }

    [Fact]
    public async Task An_HTML_page_instead_of_a_catalog_is_a_gather_error()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        File.WriteAllText(path, "<!DOCTYPE html>\n<html><body>Not found</body></html>");
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not valid JSON at line 1", "'<'");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    /// <summary>
    /// 1,200 records (so that gather has written two batches of objects, one with an errored record, before
    /// it meets the problem), the first three changed from the earlier harvest, then a broken record on a known line.
    /// </summary>
    private static (string Json, int BadLine) CatalogBrokenHalfway(string brokenRecord)
    {
        var builder = new StringBuilder("{\n  \"@type\": \"dcat:Catalog\",\n  \"dataset\": [\n");
        var line = 4;
        for (var i = 0; i < 1200; i++)
        {
            if (i == 250)
                builder.Append("    {\"title\": \"No identifier here\"},\n");
            else
                builder.Append($"    {{\"identifier\": \"id-{i}\", \"title\": \"Changed {i}\", \"description\": \"changed\"}},\n");
            line++;
        }
        builder.Append("    ").Append(brokenRecord).Append('\n');
        builder.Append("    {\"identifier\": \"after\", \"title\": \"After\"}\n  ]\n}\n");
        return (builder.ToString(), line);
    }

    [Theory]
    [InlineData("{\"identifier\": \"bad\" \"title\": \"no comma\"},")]
    [InlineData("{\"identifier\": \"bad\", \"title\": 'single quotes'},")]
    [InlineData("{\"identifier\": \"bad\", \"title\": \"T\"}} ,")]
    [InlineData("@@@ garbage @@@")]
    public async Task Malformed_JSON_halfway_keeps_no_objects_and_names_the_line(string brokenRecord)
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        var (json, badLine) = CatalogBrokenHalfway(brokenRecord);
        File.WriteAllText(path, json);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, $"is not valid JSON at line {badLine}");
        CatalogState.AssertUnchanged(harvest, before, 3);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: report.SourceId, ReportStatus: ReportStatus.Errored)));
        await AssertNextGoodHarvestIsNotModifiedAsync(harvest, path);
    }

    [Fact]
    public async Task A_truncated_file_is_a_gather_error_and_keeps_no_objects()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        var whole = CatalogState.Catalog(1500);
        var cut = whole[..(whole.Length * 3 / 4)];
        File.WriteAllText(path, cut);
        var report = await harvest.RunAsync();

        // The problem is where the file ends: its last line.
        CatalogState.AssertGatherFailed(harvest, report, path, $"is not valid JSON at line {cut.Count(c => c == '\n') + 1}");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Theory]
    [InlineData("\n garbage")]
    [InlineData("\n]")]
    [InlineData("\n{\"second\": \"document\"}")]
    public async Task Garbage_after_a_complete_catalog_is_a_gather_error_although_every_record_was_valid(string tail)
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        // Every record is fine, and all were read before the garbage was seen: none may be kept.
        var json = CatalogState.Catalog(600, prefix: "new").TrimEnd();
        File.WriteAllText(path, json + tail);
        var badLine = json.Count(c => c == '\n') + 2;
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, $"is not valid JSON at line {badLine}");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Theory]
    [InlineData("\"https://example.org/data.json\"", "it is a string")]
    [InlineData("12345", "it is a number")]
    [InlineData("null", "it is null")]
    [InlineData("""{"@type": "dcat:Catalog", "title": "a catalog without datasets"}""", "a JSON object without a 'dataset' array")]
    [InlineData("""{"dataset": {"identifier": "a", "title": "A"}}""", "'dataset' is an object, not an array")]
    [InlineData("""{"dataset": "id-0, id-1"}""", "'dataset' is a string, not an array")]
    public async Task JSON_that_is_not_a_catalog_is_a_gather_error_saying_what_it_is(string json, string what)
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        File.WriteAllText(path, json);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not a data catalog", what);
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task An_empty_file_is_a_gather_error()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        File.WriteAllText(path, "");
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not valid JSON");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task The_older_bare_array_of_records_is_accepted()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("bare.json", """
            [
              {"identifier": "a", "title": "Alpha"},
              {"identifier": "b", "title": "Beta"}
            ]
            """);
        harvest.AddSource(path);
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(["alpha", "beta"], harvest.Engine.Datasets("test-source").Select(d => d.Name).Order());
    }

    [Fact]
    public async Task A_catalog_starting_with_a_UTF8_byte_order_mark_is_accepted()
    {
        using var harvest = new TestHarvest();
        var path = Path.Combine(harvest.Folder, "bom.data.json");
        File.WriteAllText(path, CatalogState.Catalog(2), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);
        harvest.AddSource(path);

        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(2, report.Stats.Added);
    }

    [Fact]
    public async Task The_dataset_array_after_other_large_top_level_keys_is_found()
    {
        using var harvest = new TestHarvest();
        var context = string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"term{i}\": {{\"@id\": \"https://example.org/{i}\", \"dataset\": [\"not\", \"this\"]}}"));
        var json = "{\n\"@context\": {" + context + "},\n\"describedBy\": \"" + new string('x', 100_000) + "\",\n" +
                   "\"dataset\": [{\"identifier\": \"late\", \"title\": \"Late\"}]\n}";
        var path = harvest.WriteFile("late.data.json", json);
        harvest.AddSource(path);

        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(1, report.Stats.Added);
        Assert.Equal("late", Assert.Single(harvest.Engine.Datasets("test-source")).Guid);
    }

    [Fact]
    public async Task Comments_and_trailing_commas_in_a_catalog_are_tolerated()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("commented.data.json", """
            // exported by hand
            {
              "@type": "dcat:Catalog",
              "dataset": [
                /* the first */ {"identifier": "a", "title": "Alpha",},
                {
                  "identifier": "b", // the second
                  "title": "Beta",
                  "keyword": ["x", "y",],
                },
              ],
            }
            """);
        harvest.AddSource(path);

        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Empty(report.ObjectErrors);
        Assert.Equal(2, report.Stats.Added);
        Assert.Equal(["x", "y"], harvest.Engine.Datasets("test-source").Single(d => d.Guid == "b").Tags);
        Assert.Equal(new JobStats { NotModified = 2 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public async Task An_empty_catalog_is_a_complete_listing_and_marks_earlier_datasets_deleted()
    {
        using var harvest = new TestHarvest();
        var (path, _) = await HarvestThreeAsync(harvest);
        harvest.Engine.Sources.Update("test-source", new Sources.SourceUpdateRequest { Config = """{"force_delete": true}""" });

        File.WriteAllText(path, """{"@type": "dcat:Catalog", "dataset": []}""");
        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.Equal(new JobStats { Deleted = 3 }, report.Stats);
        Assert.Empty(harvest.Engine.Datasets("test-source"));
        var all = harvest.Engine.Datasets("test-source", includeDeleted: true);
        Assert.Equal(3, all.Count);
        Assert.All(all, d => Assert.Equal(DatasetState.Deleted, d.State));

        // They come back, with their names, when the records do.
        File.WriteAllText(path, CatalogState.Catalog(3));
        var back = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 3 }, back.Stats);
        Assert.Equal(["record-0", "record-1", "record-2"], harvest.Engine.Datasets("test-source").Select(d => d.Name).Order());
    }

    [Fact]
    public async Task An_empty_catalog_on_a_new_source_finishes_with_nothing()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("empty.data.json", "[]"));
        var report = await harvest.RunAsync();
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        Assert.False(report.HasErrors);
        Assert.Equal(0, report.Stats.Total);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId)));
    }

    [Fact]
    public async Task Records_that_are_not_objects_become_errored_objects_naming_them()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("mixed.data.json", """
            {"dataset": [
              {"identifier": "a", "title": "Alpha"},
              "just a string",
              42,
              {"identifier": "b", "title": "Beta"}
            ]}
            """));
        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 2, Errored = 2 }, report.Stats);
        var messages = report.ObjectErrors.SelectMany(o => o.Errors).Select(e => e.Message).Order().ToList();
        Assert.Equal(["record #2 (line 3) is not a JSON object", "record #3 (line 4) is not a JSON object"], messages);
    }

    [Fact]
    public async Task A_repeated_identifier_is_an_errored_object_and_the_first_wins()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("repeat.data.json", """
            {"dataset": [
              {"identifier": "same", "title": "First"},
              {"identifier": "other", "title": "Other"},
              {"identifier": "same", "title": "Second"}
            ]}
            """));
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 2, Errored = 1 }, report.Stats);
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors);
        Assert.Equal(HarvestStage.Gather, error.Stage);
        Assert.Equal(4, error.Line);
        Assert.Contains("'same' is repeated at record #3 (line 4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("record #1 (line 2), was kept", error.Message, StringComparison.Ordinal);
        Assert.Equal("First", harvest.Engine.Datasets("test-source").Single(d => d.Guid == "same").Title);
    }

    [Fact]
    public async Task A_catalog_in_Latin_1_rather_than_UTF8_is_a_gather_error_naming_the_line()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        var json = "{\"dataset\": [\n{\"identifier\": \"a\", \"title\": \"Plain\"},\n{\"identifier\": \"b\", \"title\": \"Caf\u00e9 permits\"}\n]}";
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(json));
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not valid JSON: the record at line 3 is not UTF-8 text");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Fact]
    public async Task A_catalog_in_UTF16_is_a_gather_error_at_its_first_byte()
    {
        using var harvest = new TestHarvest();
        var (path, before) = await HarvestThreeAsync(harvest);

        File.WriteAllText(path, CatalogState.Catalog(3), Encoding.Unicode);
        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, path, "is not valid JSON at line 1, byte 1");
        CatalogState.AssertUnchanged(harvest, before, 3);
    }

    [Theory]
    [InlineData("\"identifier\": \"\", \"title\": \"T\"", "record #2 (line 3) titled 'T' has no identifier")]
    [InlineData("\"identifier\": \"   \", \"title\": \"T\"", "record #2 (line 3) titled 'T' has no identifier")]
    [InlineData("\"identifier\": null, \"title\": \"T\"", "record #2 (line 3) titled 'T' has no identifier")]
    [InlineData("\"identifier\": [\"x\"], \"title\": \"T\"", "record #2 (line 3) titled 'T' has no identifier")]
    [InlineData("\"identifier\": {\"id\": \"x\"}", "record #2 (line 3) has an object identifier with no usable '@id'")]
    [InlineData("\"identifier\": \"x\", \"title\": \"\"", "record #2 (line 3) 'x' has no title")]
    [InlineData("\"identifier\": \"x\", \"title\": null", "record #2 (line 3) 'x' has no title")]
    [InlineData("\"identifier\": \"x\", \"title\": {\"en\": \"X\"}", "record #2 (line 3) 'x' has no title")]
    public async Task A_record_with_an_empty_or_unusable_identifier_or_title_is_errored_by_name(string fields, string expected)
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("odd.data.json", "{\"dataset\": [\n{\"identifier\": \"ok\", \"title\": \"Fine\"},\n{" + fields + "}\n]}"));
        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 1, Errored = 1 }, report.Stats);
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors);
        Assert.Equal(expected, error.Message);
        Assert.Equal(3, error.Line);
    }
}
