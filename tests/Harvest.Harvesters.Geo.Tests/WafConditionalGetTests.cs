using Harvest.Engine.Model;
using Harvest.Harvesters.Geo.Tests.Support;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>
/// WAF files asked for conditionally: when a listing's dates move (a host that touches every file), a file whose ETag an
/// earlier job kept is answered 304 and settled not modified without a download; a file whose record failed keeps no
/// validators, so it is read whole again.
/// </summary>
public sealed class WafConditionalGetTests
{
    private const string Folder = "/waf/iso_2_waf/";
    private static readonly DateTime Listed = new(2026, 5, 13, 10, 0, 0);
    private static readonly DateTime Later = new(2026, 8, 19, 12, 0, 0);

    [FixtureFact]
    public async Task Touched_files_are_answered_304_and_settled_not_modified_and_failed_records_are_read_whole()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Validators = true;
        waf.PutFolder(Folder, Path.GetDirectoryName(IsoFiles.Waf("valid_iso1.xml"))!, _ => Listed);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        Assert.Equal(new JobStats { Added = 2, Errored = 4 }, (await harvest.RunAsync()).Stats);
        var before = harvest.Datasets().ToDictionary(d => d.Guid!, d => d.MetadataModified);
        Assert.Empty(waf.ConditionalRequests);

        foreach (var file in waf.FileRequests.Keys) waf.Touch(file, Later);
        waf.ResetCounts();
        var touched = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, touched.Stats);
        Assert.Equal(new Dictionary<string, int> { [Folder + "valid_iso1.xml"] = 1, [Folder + "valid_iso2.xml"] = 1 }, waf.NotModified);
        // The four files whose records failed at fetch or import sent no validators.
        Assert.Equal(waf.NotModified, waf.ConditionalRequests);
        Assert.Equal(6, waf.FileRequests.Count);
        Assert.Equal(before, harvest.Datasets().ToDictionary(d => d.Guid!, d => d.MetadataModified));
        var settled = harvest.Objects(touched.JobId).Where(o => o.ReportStatus == ReportStatus.NotModified).ToList();
        Assert.Equal(2, settled.Count);
        Assert.All(settled, o => Assert.Null(o.Content));

        // A changed file gets a new ETag: read whole and imported.
        var changed = File.ReadAllText(IsoFiles.Waf("valid_iso2.xml")).Replace("Bringing Wetlands to Market", "Bringing Wetlands to Markets", StringComparison.Ordinal);
        waf.Put(Folder + "valid_iso2.xml", changed, Later.AddDays(1));
        waf.Touch(Folder + "valid_iso1.xml", Later.AddDays(1));
        waf.ResetCounts();
        var updated = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 1, NotModified = 1, Errored = 4 }, updated.Stats);
        Assert.Equal(new Dictionary<string, int> { [Folder + "valid_iso1.xml"] = 1 }, waf.NotModified);
        Assert.StartsWith("Bringing Wetlands to Markets", harvest.Datasets().Single(d => d.Guid == waf.Url(Folder + "valid_iso2.xml")).Title, StringComparison.Ordinal);
    }

    [FixtureFact]
    public async Task A_file_answered_304_without_a_current_copy_errs_and_is_read_whole_next_time()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Validators = true;
        waf.PutFolder(Folder, Path.GetDirectoryName(IsoFiles.Waf("valid_iso1.xml"))!, _ => Listed);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf");
        await harvest.RunAsync();
        var file = waf.Url(Folder + "valid_iso1.xml");
        var dataset = harvest.Datasets().Single(d => d.Guid == file);
        harvest.Engine.Store.UpdateDataset(dataset with { State = DatasetState.Deleted });
        waf.Touch(Folder + "valid_iso1.xml", Later);

        var lost = await harvest.RunAsync();

        var error = Assert.Single(lost.ObjectErrors, e => e.Guid == file);
        Assert.Contains("the next harvest reads it whole", error.Errors[0].Message, StringComparison.Ordinal);
        waf.Touch(Folder + "valid_iso1.xml", Later.AddDays(1));
        waf.ResetCounts();
        await harvest.RunAsync();
        Assert.False(waf.ConditionalRequests.ContainsKey(Folder + "valid_iso1.xml"));
        Assert.Equal(DatasetState.Active, harvest.Datasets(includeDeleted: true).Single(d => d.Guid == file).State);
    }

    [FixtureFact]
    public async Task With_conditional_get_false_touched_files_are_downloaded_whole()
    {
        await using var waf = await WafServer.StartAsync();
        waf.Validators = true;
        waf.PutFolder(Folder, Path.GetDirectoryName(IsoFiles.Waf("valid_iso1.xml"))!, _ => Listed);
        using var harvest = new GeoHarvest();
        harvest.AddSource(waf.Url(Folder), "waf", config: """{"conditional_get": false}""");
        await harvest.RunAsync();

        foreach (var file in waf.FileRequests.Keys) waf.Touch(file, Later);
        waf.ResetCounts();
        var touched = await harvest.RunAsync();

        Assert.Equal(new JobStats { NotModified = 2, Errored = 4 }, touched.Stats);
        Assert.Empty(waf.ConditionalRequests);
        Assert.Empty(waf.NotModified);
    }
}
