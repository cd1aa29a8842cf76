using Harvest.Engine.Model;
using Harvest.Engine.Preview;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>
/// datagov-harvester's iso_2_waf folder (waf/iso_2_waf) served with an nginx autoindex, as its test serves it: two
/// records harvest, the others are errors naming their file; a second run downloads only what has no dataset.
/// </summary>
public sealed class WafFixtureTests
{
    private const string Folder = "/waf/iso_2_waf/";
    private static readonly DateTime Listed = new(2026, 5, 13, 10, 0, 0);
    private static readonly DateTime Later = new(2026, 8, 19, 12, 0, 0);

    private static readonly string[] Files =
    [
        "decode_error.xml", "invalid_iso2.xml", "to_be_filtered_by_datetime.xml", "valid_iso1.xml", "valid_iso2.xml", "valid_iso_too_many_keywords.xml",
    ];

    private static async Task<WafServer> ServeFixtureAsync()
    {
        var waf = await WafServer.StartAsync();
        waf.PutFolder(Folder, Path.GetDirectoryName(IsoFiles.Waf("valid_iso1.xml"))!, _ => Listed);
        return waf;
    }

    private static string Path_(WafServer waf, string file) => waf.Url(Folder + file);

    [FixtureFact]
    public async Task The_first_harvest_makes_two_datasets_and_an_error_naming_each_other_file()
    {
        await using var waf = await ServeFixtureAsync();
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");

        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 2, Errored = 4 }, report.Stats);
        var datasets = harvest.Datasets().OrderBy(d => d.Guid, StringComparer.Ordinal).ToList();
        Assert.Equal([Path_(waf, "valid_iso1.xml"), Path_(waf, "valid_iso2.xml")], datasets.Select(d => d.Guid));
        Assert.Equal(
            [
                "Demographics for US Census Tracts - 2012 (American Community Survey 2008-2012 Derived Summary Tables)",
                "Bringing Wetlands to Market: Expanding Blue Carbon Implementation - NERRS/NSC(NERRS Science Collaborative)",
            ],
            datasets.Select(d => d.Title));
        Assert.Equal(["{4c6928d8-6ac2-4909-8b3d-a29e2805ce2d}", "gov.noaa.nmfs.inport:47598"], datasets.Select(d => d.Extras["guid"]));

        var errors = report.ObjectErrors.ToDictionary(e => e.Guid);
        Assert.Equal(
            [Path_(waf, "decode_error.xml"), Path_(waf, "invalid_iso2.xml"), Path_(waf, "to_be_filtered_by_datetime.xml"), Path_(waf, "valid_iso_too_many_keywords.xml")],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, e => Assert.Equal(e.Guid, e.OriginalUrl));
        Assert.All(errors.Values, e => Assert.StartsWith(e.Guid + ": ", e.Errors[0].Message, StringComparison.Ordinal));
        AssertError(errors, Path_(waf, "decode_error.xml"), HarvestStage.Fetch,
            "the record declares encoding UTF-8, but byte 0x92 at offset 88 (line 4) is not valid UTF-8 (it may have been saved as Windows-1252 or ISO-8859-1)");
        AssertError(errors, Path_(waf, "invalid_iso2.xml"), HarvestStage.Import,
            "the record's gmd:CI_ResponsibleParty/gmd:role is empty and gives no gco:nilReason");
        AssertError(errors, Path_(waf, "to_be_filtered_by_datetime.xml"), HarvestStage.Import, "the document has no root element");
        AssertError(errors, Path_(waf, "valid_iso_too_many_keywords.xml"), HarvestStage.Import, "the record has 1,259 keywords, over the limit of 1,000");

        Assert.Equal(1, waf.RequestsFor(Folder));
        Assert.Equal(Files.ToDictionary(f => Folder + f, _ => 1), waf.FileRequests);
    }

    [FixtureFact]
    public async Task A_second_run_downloads_only_files_without_a_dataset_and_a_touched_date_downloads_without_reimporting()
    {
        await using var waf = await ServeFixtureAsync();
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        await harvest.RunAsync();
        var before = harvest.Datasets().ToDictionary(d => d.Guid!, d => d.MetadataModified);

        waf.ResetCounts();
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, second.Stats);
        // The two datasets' files are not downloaded; the four errored files have no dataset to compare with, so they are.
        Assert.Equal(Files.Where(f => !f.StartsWith("valid_iso", StringComparison.Ordinal) || f.Contains("too_many", StringComparison.Ordinal))
            .ToDictionary(f => Folder + f, _ => 1), waf.FileRequests);

        waf.Touch(Folder + "valid_iso1.xml", Later);
        waf.ResetCounts();
        var touched = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, touched.Stats);
        Assert.Equal(1, waf.RequestsFor(Folder + "valid_iso1.xml"));
        Assert.Equal(0, waf.RequestsFor(Folder + "valid_iso2.xml"));
        Assert.Equal(before, harvest.Datasets().ToDictionary(d => d.Guid!, d => d.MetadataModified));

        // The touched date is now the one compared with: not downloaded again.
        waf.ResetCounts();
        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, (await harvest.RunAsync()).Stats);
        Assert.Equal(0, waf.RequestsFor(Folder + "valid_iso1.xml"));

        var changed = File.ReadAllText(IsoFiles.Waf("valid_iso2.xml")).Replace("Bringing Wetlands to Market", "Bringing Wetlands to Markets", StringComparison.Ordinal);
        waf.Put(Folder + "valid_iso2.xml", changed, Later);
        var updated = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 1, NotModified = 1, Errored = 4 }, updated.Stats);
        Assert.StartsWith("Bringing Wetlands to Markets", harvest.Datasets().Single(d => d.Guid == Path_(waf, "valid_iso2.xml")).Title, StringComparison.Ordinal);
    }

    [FixtureFact]
    public async Task After_an_earlier_harvest_with_a_newer_date_to_be_filtered_by_datetime_is_not_downloaded()
    {
        // datagov-harvester's test seeds an earlier successful harvest of this URL; here it is a real earlier harvest of a
        // valid record at that URL, listed with a date newer than the fixture's.
        await using var waf = await WafServer.StartAsync();
        waf.Put(Folder + "to_be_filtered_by_datetime.xml", IsoXmlBuilder.Record(id: "seeded", title: "Seeded earlier harvest"), Later);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        Assert.Equal(new JobStats { Added = 1 }, (await harvest.RunAsync()).Stats);

        waf.PutFolder(Folder, Path.GetDirectoryName(IsoFiles.Waf("valid_iso1.xml"))!, _ => Listed);
        waf.ResetCounts();
        var report = await harvest.RunAsync();

        // As the peer asserts: 6 records, 2 successes, 1 left alone, 3 errors.
        Assert.Equal(new JobStats { Added = 2, NotModified = 1, Errored = 3 }, report.Stats);
        Assert.Equal(0, waf.RequestsFor(Folder + "to_be_filtered_by_datetime.xml"));
        Assert.Equal("Seeded earlier harvest", harvest.Datasets().Single(d => d.Guid == Path_(waf, "to_be_filtered_by_datetime.xml")).Title);
        Assert.DoesNotContain(report.ObjectErrors, e => e.Guid.EndsWith("to_be_filtered_by_datetime.xml", StringComparison.Ordinal));
    }

    [FixtureFact]
    public async Task A_listing_without_dates_downloads_every_file_each_run_and_the_content_hash_decides()
    {
        await using var waf = await ServeFixtureAsync();
        waf.ShowDates = false;
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        Assert.Equal(new JobStats { Added = 2, Errored = 4 }, (await harvest.RunAsync()).Stats);

        waf.ResetCounts();
        var second = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, second.Stats);
        Assert.Equal(Files.ToDictionary(f => Folder + f, _ => 1), waf.FileRequests);
    }

    [FixtureFact]
    public async Task Without_require_nil_reasons_invalid_iso2_is_read_leniently_and_imports()
    {
        await using var waf = await ServeFixtureAsync();
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf", """{"require_nil_reasons": false}""");

        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 3, Errored = 3 }, report.Stats);
        Assert.Equal("gov.noaa.nmfs.inport:47662", harvest.Datasets().Single(d => d.Guid == Path_(waf, "invalid_iso2.xml")).Extras["guid"]);
    }

    [FixtureFact]
    public async Task Preview_says_which_files_would_not_be_downloaded()
    {
        await using var waf = await ServeFixtureAsync();
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        await harvest.RunAsync();
        waf.ResetCounts();

        var preview = await harvest.Engine.Preview.PreviewSourceAsync(GeoHarvest.SourceName);

        Assert.Empty(preview.GatherErrors);
        var actions = preview.Records.ToDictionary(r => r.Guid[(r.Guid.LastIndexOf('/') + 1)..], r => r.Action);
        Assert.Equal(PreviewAction.Unchanged, actions["valid_iso1.xml"]);
        Assert.Equal(PreviewAction.Unchanged, actions["valid_iso2.xml"]);
        Assert.Equal(4, actions.Values.Count(a => a == PreviewAction.Invalid));
        Assert.Equal(0, waf.RequestsFor(Folder + "valid_iso1.xml"));
        Assert.Equal(0, waf.RequestsFor(Folder + "valid_iso2.xml"));
    }

    private static void AssertError(Dictionary<string, ObjectErrorReport> errors, string url, HarvestStage stage, string fragment)
    {
        var error = errors[url];
        Assert.Equal(stage, error.Stage);
        Assert.Contains(fragment, Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }
}
