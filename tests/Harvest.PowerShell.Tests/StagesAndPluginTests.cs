namespace Harvest.PowerShell.Tests;

/// <summary>
/// What the module does beyond one whole harvest: the stages one at a time (Invoke-HarvestGather, Invoke-HarvestFetch), and a
/// harvester type from a plug-in assembly named in the settings, harvested with Invoke-Harvest like a built-in one.
/// </summary>
public sealed class StagesAndPluginTests : IDisposable
{
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    private static string SamplePluginFolder => Path.Combine(ModuleFiles.RepositoryRoot, "samples", "Harvest.Samples.CsvHarvester", "bin", ModuleFiles.Configuration, "net10.0");

    [Fact]
    public void Gather_now_and_fetch_later_as_two_commands()
    {
        var gathered = _session.Run("""
            New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null
            Get-HarvestSource parks | Start-HarvestJob | Invoke-HarvestGather
            """).ThrowIfFailed();
        var job = Assert.Single(gathered.Output);
        Assert.Equal("Running", job.Properties["Status"].Value.ToString());
        Assert.Empty(_session.Run("Get-HarvestDataset -Source parks").ThrowIfFailed().Output);

        var fetched = _session.Run("Invoke-HarvestFetch -JobId (Get-HarvestJob -Source parks -Status Running).JobId").ThrowIfFailed();

        var finished = Assert.Single(fetched.Output);
        Assert.Equal("Finished", finished.Properties["Status"].Value.ToString());
        Assert.Equal("parks", finished.Properties["SourceName"].Value);
        Assert.Equal(3, _session.Run("(Get-HarvestDataset -Source parks | Measure-Object).Count").ThrowIfFailed().Output[0].BaseObject);
        Assert.Contains(fetched.Progress, p => p.Activity.StartsWith("Fetching job", StringComparison.Ordinal));
    }

    [Fact]
    public void Fetching_a_job_that_was_not_gathered_is_a_conflict_error_and_the_next_job_goes_on()
    {
        var result = _session.Run("""
            New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null
            $new = Get-HarvestSource parks | Start-HarvestJob
            $new | Invoke-HarvestFetch -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems
            """);

        var error = Assert.Single(result.Output).BaseObject as System.Management.Automation.ErrorRecord;
        Assert.NotNull(error);
        Assert.Equal("HarvestConflict,Harvest.PowerShell.Commands.InvokeHarvestFetchCommand", error.FullyQualifiedErrorId);
        Assert.Contains("gather it first", error.Exception.Message);
    }

    [Fact]
    public void A_plugin_type_named_in_the_settings_is_listed_and_harvested_by_Invoke_Harvest()
    {
        _session.WriteSettings(new Dictionary<string, object?> { ["harvester_assemblies"] = new[] { SamplePluginFolder } });

        var type = Assert.Single(_session.Run("Get-HarvestSourceType csv").ThrowIfFailed().Output);
        Assert.Equal(Path.Combine(SamplePluginFolder, "Harvest.Samples.CsvHarvester.dll"), type.Properties["Assembly"].Value);

        var harvested = _session.Run("""
            New-HarvestSource -Name trees -Url (Join-Path $plugins city-trees.csv) -Type csv -Config '{"default_tags": ["city"]}' | Invoke-Harvest
            Invoke-Harvest -Name trees
            """.Replace("$plugins", $"'{SamplePluginFolder}'", StringComparison.Ordinal)).ThrowIfFailed();

        Assert.Equal(2, harvested.Output.Count);
        Assert.Equal(3, ((dynamic)harvested.Output[0].Properties["Stats"].Value).Added);
        Assert.Equal(3, ((dynamic)harvested.Output[1].Properties["Stats"].Value).NotModified);
        var titles = _session.Run("Get-HarvestDataset -Source trees | Sort-Object Title | ForEach-Object Title").ThrowIfFailed().Output.Select(o => o.ToString());
        Assert.Equal(["Street tree inventory 2024", "Tree canopy cover", "Tree planting requests"], titles);
    }
}
