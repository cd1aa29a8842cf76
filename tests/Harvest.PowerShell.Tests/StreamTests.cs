using System.Management.Automation;

namespace Harvest.PowerShell.Tests;

/// <summary>The verbose, debug, warning and progress streams of long work, and the smaller things a real host found.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class StreamTests : IDisposable
{
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task Invoke_Harvest_writes_progress_records_each_saying_what_it_said_then_one_completed_record()
    {
        await using var server = await Catalogs.ServeAsync(Catalogs.DataJson("prog", 3000));
        _session.SetVariable("url", server.BaseUrl + "/data.json");
        _session.Run("New-HarvestSource -Name prog -Url $url -Type datajson | Out-Null").ThrowIfFailed();

        var result = _session.Run("Invoke-Harvest -Name prog").ThrowIfFailed();

        var progress = result.Progress;
        Assert.True(progress.Count >= 2, $"{progress.Count} progress records");
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.All(progress.Take(progress.Count - 1), p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.All(progress, p => Assert.Equal("Harvesting prog", p.Activity));
        Assert.Equal(progress.Count, progress.Distinct().Count());
        Assert.Contains(progress, p => p.StatusDescription.Contains(" of 3000", StringComparison.Ordinal) && p.PercentComplete is >= 0 and <= 100);
    }

    [Fact]
    public void Verbose_shows_the_harvest_log_and_warnings_name_errored_records_at_most_ten_times()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "bad.data.json"), Catalogs.DataJson("bad", 40, invalid: 25));
        _session.Run("New-HarvestSource -Name bad -Url ./bad.data.json -Type datajson | Out-Null").ThrowIfFailed();

        var quiet = _session.Run("Invoke-Harvest -Name bad");
        Assert.Empty(quiet.Verbose);
        Assert.Equal(11, quiet.Warnings.Count);
        Assert.Contains("has no title", quiet.Warnings[0].Message);
        Assert.Equal("15 more warnings were not shown here: -Verbose shows them, and Get-HarvestJobReport lists the errored records", quiet.Warnings[^1].Message);

        var verbose = _session.Run("Invoke-Harvest -Name bad -Verbose");
        Assert.Contains(verbose.Verbose, v => v.Message.StartsWith("gather of job", StringComparison.Ordinal));
        Assert.Equal(15, verbose.Verbose.Count(v => v.Message.StartsWith("WARNING: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_job_that_ends_with_errored_records_is_a_RecordsErrored_error_and_the_job_is_still_written()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "bad.data.json"), Catalogs.DataJson("bad", 4, invalid: 1));
        _session.Run("New-HarvestSource -Name bad -Url ./bad.data.json -Type datajson | Out-Null").ThrowIfFailed();

        var result = _session.Run("Invoke-Harvest -Name bad -WarningAction SilentlyContinue");

        Assert.Empty(result.Warnings);
        var error = Assert.Single(result.Errors);
        Assert.Equal("RecordsErrored,Harvest.PowerShell.Commands.InvokeHarvestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(result.Single("JobId"), PSObject.AsPSObject(error.TargetObject).Properties["JobId"].Value);
    }

    [Fact]
    public void Get_HarvestJob_takes_several_statuses()
    {
        _session.Run("""
            New-HarvestSource -Name one -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null
            Set-Content ./two.data.json '{"dataset": []}'
            New-HarvestSource -Name two -Url ./two.data.json -Type datajson | Start-HarvestJob | Out-Null
            """).ThrowIfFailed();

        var result = _session.Run("Get-HarvestJob -Status New, Running").ThrowIfFailed();

        Assert.Equal(["two"], result.Values("SourceName"));
        Assert.Equal(2, _session.Run("Get-HarvestJob -Status New, Finished").ThrowIfFailed().Output.Count);
    }

    [Fact]
    public void Get_HarvestDataset_by_a_name_that_is_not_there_is_an_error_as_for_sources_and_a_pattern_is_not()
    {
        _session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null").ThrowIfFailed();

        var missing = _session.Run("Get-HarvestDataset -Name no-such");
        var error = Assert.Single(missing.Errors);
        Assert.Equal("DatasetNotFound,Harvest.PowerShell.Commands.GetHarvestDatasetCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("no-such", error.TargetObject);

        Assert.Empty(_session.Run("Get-HarvestDataset -Name 'no-such*'").ThrowIfFailed().Output);
    }

    [Fact]
    public void Get_HarvestDataset_writes_each_dataset_once_in_name_order_whatever_patterns_match_it()
    {
        _session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null").ThrowIfFailed();
        var names = _session.Run("(Get-HarvestDataset).Name").ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(3, names.Count);

        var result = _session.Run($"Get-HarvestDataset -Name '*', no-such, '{names[2]}', '{names[0][..3]}*'");

        Assert.Equal<string?>(names, result.Values("Name"));
        Assert.Equal("no-such", Assert.Single(result.Errors).TargetObject);
        Assert.Equal<string?>(names[..1], _session.Run("Get-HarvestDataset | Select-Object -First 1").ThrowIfFailed().Values("Name"));
    }

    [Fact]
    public void A_store_that_cannot_be_created_is_a_StoreUnavailable_error_naming_the_store()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "a-file"), "not a folder");
        var store = Path.Combine(_session.Folder, "a-file", "harvest.db");
        File.WriteAllText(Path.Combine(_session.Folder, "bad-store.json"), System.Text.Json.JsonSerializer.Serialize(new { database = store }));

        var result = _session.Run("Get-HarvestSource -SettingsPath ./bad-store.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal("StoreUnavailable,Harvest.PowerShell.Commands.GetHarvestSourceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Equal(store, error.TargetObject);
        Assert.IsNotType<FileNotFoundException>(error.Exception);
    }

    [Fact]
    public void An_error_in_the_HARVEST_CONFIG_file_names_that_file()
    {
        var path = Path.Combine(_session.Folder, "broken.json");
        File.WriteAllText(path, "{ \"database\": ");
        var result = _session.Run($"$env:HARVEST_CONFIG = '{path}'; try {{ Get-HarvestSource }} finally {{ $env:HARVEST_CONFIG = $null }}", withoutDefaults: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidSettings,Harvest.PowerShell.Commands.GetHarvestSourceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(path, error.TargetObject);
    }
}
