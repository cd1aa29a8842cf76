namespace Harvest.PowerShell.Tests;

/// <summary>
/// The cmdlets chain as the README and help chain them: objects bind by property name (SourceId, JobId, ObjectId, DatasetId) or as
/// -InputObject, and every parameter set of the source and job cmdlets reaches the same items.
/// </summary>
public sealed class PipelineTests : IDisposable
{
    private readonly PwshSession _session = new();

    public PipelineTests()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "mixed.data.json"), Catalogs.DataJson("mixed", 6, invalid: 2));
        _session.Run("""
            New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name mixed -Url ./mixed.data.json -Type datajson | Invoke-Harvest -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            Invoke-Harvest -Name mixed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            """).ThrowIfFailed();
    }

    public void Dispose() => _session.Dispose();

    public static TheoryData<string, string, int> Chains => new()
    {
        // pipeline, type of what comes out, how many
        { "Get-HarvestSource parks | Get-HarvestJob", "Harvest.Engine.Model.HarvestJob", 1 },
        { "Get-HarvestSource parks | Get-HarvestDataset", "Harvest.Engine.Model.Dataset", 3 },
        { "Get-HarvestSource parks | Get-HarvestObject", "Harvest.Engine.Model.HarvestObject", 3 },
        { "Get-HarvestSource parks | Test-HarvestSource", "Harvest.Engine.Preview.PreviewRecord", 3 },
        { "Get-HarvestSource parks | Invoke-Harvest", "Harvest.Engine.Model.HarvestJob", 1 },
        { "Get-HarvestSource parks | Invoke-HarvestImport -Confirm:$false", "Harvest.Engine.Jobs.ReimportResult", 1 },
        { "Get-HarvestSource parks | Set-HarvestSource -Title Parks -PassThru", "Harvest.Engine.Model.HarvestSource", 1 },
        { "Get-HarvestSource parks | Clear-HarvestSourceHistory -KeepCurrent -PassThru -Confirm:$false", "Harvest.Engine.Model.HistoryClearResult", 1 },
        { "Get-HarvestSource parks | Start-HarvestJob | Stop-HarvestJob -PassThru", "Harvest.Engine.Model.HarvestJob", 1 },
        { "Get-HarvestSource parks | Start-HarvestJob | Invoke-Harvest", "Harvest.Engine.Model.HarvestJob", 1 },
        { "Get-HarvestSource parks | Disable-HarvestSource -PassThru | Enable-HarvestSource -PassThru", "Harvest.Engine.Model.HarvestSource", 1 },
        { "Get-HarvestSource | Invoke-Harvest -ErrorAction SilentlyContinue -WarningAction SilentlyContinue", "Harvest.Engine.Model.HarvestJob", 2 },
        { "Get-HarvestJob -Source mixed | Get-HarvestJobReport", "Harvest.Engine.Model.JobReport", 2 },
        { "Get-HarvestJob -Source mixed | Get-HarvestObject -ReportStatus Errored", "Harvest.Engine.Model.HarvestObject", 4 },
        { "Get-HarvestJob -Source mixed | Get-HarvestSource", "Harvest.Engine.Model.HarvestSource", 2 },
        { "Get-HarvestJob -Source mixed | Wait-HarvestJob", "Harvest.Engine.Model.HarvestJob", 2 },
        { "Get-HarvestJob -Source mixed | Get-HarvestJob", "Harvest.Engine.Model.HarvestJob", 2 },
        { "Get-HarvestJob -Source mixed | Get-HarvestJobReport | Get-HarvestJob", "Harvest.Engine.Model.HarvestJob", 2 },
        { "Get-HarvestObject -SourceId mixed -ReportStatus Errored | Get-HarvestJob", "Harvest.Engine.Model.HarvestJob", 4 },
        { "Get-HarvestSource mixed | Get-HarvestJob -First 1", "Harvest.Engine.Model.HarvestJob", 1 },
        { "Get-HarvestSource | Get-HarvestDataset", "Harvest.Engine.Model.Dataset", 7 },
        { "Get-HarvestDataset -Source parks | Get-HarvestSource", "Harvest.Engine.Model.HarvestSource", 3 },
        { "Get-HarvestDataset -Source parks | Invoke-HarvestImport -Confirm:$false", "Harvest.Engine.Jobs.ReimportResult", 3 },
        { "Get-HarvestDataset -Source parks | Get-HarvestDataset", "Harvest.Engine.Model.Dataset", 3 },
        { "Get-HarvestObject -SourceId parks -Current | Get-HarvestObject -IncludeContent", "Harvest.Engine.Model.HarvestObject", 3 },
        { "Get-HarvestObject -SourceId parks -Current | Get-HarvestDataset", "Harvest.Engine.Model.Dataset", 3 },
        { "Get-HarvestObject -SourceId parks -Current | Invoke-HarvestImport -Confirm:$false", "Harvest.Engine.Jobs.ReimportResult", 3 },
        { "Invoke-Harvest -Name parks | Get-HarvestJobReport", "Harvest.Engine.Model.JobReport", 1 },
        // An unchanged record is written as no object: the three forced records are the job's objects.
        { "Invoke-Harvest -Name parks -ForceImport (Get-HarvestDataset -Source parks).Guid | Get-HarvestObject", "Harvest.Engine.Model.HarvestObject", 3 },
        { "Get-HarvestSourceType datajson | ForEach-Object ConfigKeys | Select-Object -First 1", "Harvest.Engine.Harvesters.ConfigKeyInfo", 1 },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Cmdlets_chain_by_property_name_and_input_object(string pipeline, string type, int count)
    {
        var result = _session.Run(pipeline).ThrowIfFailed();

        Assert.Equal(count, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(type, o.TypeNames[0]));
    }

    [Theory]
    [InlineData("Get-HarvestJobReport -JobId $job.JobId")]
    [InlineData("Get-HarvestJobReport $job.JobId")]
    [InlineData("Get-HarvestJobReport -InputObject $job")]
    [InlineData("$job | Get-HarvestJobReport")]
    [InlineData("[pscustomobject]@{ JobId = $job.JobId } | Get-HarvestJobReport")]
    public void The_job_parameter_sets_reach_the_same_job(string command)
    {
        _session.Run("$job = Get-HarvestJob -Source mixed -First 1").ThrowIfFailed();

        var report = _session.Run(command).ThrowIfFailed();

        Assert.Equal("mixed", _session.Run("$job.SourceName").Output.Single().ToString());
        Assert.Equal(_session.Run("$job.JobId").Output.Single().ToString(), report.Single("JobId"));
    }

    [Theory]
    [InlineData("Test-HarvestSource -Name mixed")]
    [InlineData("Test-HarvestSource mixed")]
    [InlineData("Test-HarvestSource -SourceId $source.SourceId")]
    [InlineData("Test-HarvestSource -InputObject $source")]
    [InlineData("$source | Test-HarvestSource")]
    [InlineData("[pscustomobject]@{ SourceId = $source.SourceId } | Test-HarvestSource")]
    [InlineData("Test-HarvestSource -Url ./mixed.data.json -Type datajson")]
    public void The_source_parameter_sets_reach_the_same_source(string command)
    {
        _session.Run("$source = Get-HarvestSource mixed").ThrowIfFailed();

        var preview = _session.Run(command).ThrowIfFailed();

        Assert.Equal(6, preview.Output.Count);
        Assert.Equal(2, preview.Values("Action").Count(a => a == "Invalid"));
    }

    [Fact]
    public void Every_parameter_set_of_every_cmdlet_is_used_by_some_test()
    {
        // The sets of the cmdlets with more than the source and job sets that the theories above call; a set added later must
        // be added here and called below (the orphan cmdlets' sets are called in OrphanTests).
        var other = new Dictionary<string, string[]>
        {
            ["Get-HarvestSource"] = ["ById", "ByName"], ["Get-HarvestJob"] = ["ById", "BySource", "BySourceObject"],
            ["Get-HarvestDataset"] = ["ByFilter", "ById", "BySource"], ["Get-HarvestObject"] = ["ById", "ByInputObject", "ByJob"],
            ["Start-HarvestJob"] = ["All", "ById", "ByInputObject", "ByName"], ["Test-HarvestSource"] = ["ById", "ByInputObject", "ByName", "ByUrl"],
            ["Clear-HarvestSourceHistory"] = ["ById", "ByName"], ["Get-HarvestJobReport"] = ["ById", "ByInputObject"],
            ["Stop-HarvestJob"] = ["ById", "ByInputObject"], ["Wait-HarvestJob"] = ["ById", "ByInputObject"],
            ["Invoke-HarvestGather"] = ["ById", "ByInputObject"], ["Invoke-HarvestFetch"] = ["ById", "ByInputObject"],
            ["Publish-HarvestOrphanedDataset"] = ["ById", "ByInputObject"], ["Remove-HarvestOrphanedDataset"] = ["ById", "ByInputObject"],
        };
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            var sets = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != "__AllParameterSets").Distinct().Order().ToList();
            if (sets.Count <= 1) continue;
            Assert.Equal(other.TryGetValue(cmdlet.Name, out var known) ? known : ["ById", "ByInputObject", "ByName"], sets);
        }
        var sourceSets = _session.Run("""
            $s = Get-HarvestSource parks
            Start-HarvestJob -Name parks | Stop-HarvestJob
            Start-HarvestJob -SourceId $s.SourceId | Stop-HarvestJob
            Start-HarvestJob -InputObject $s | Stop-HarvestJob
            Start-HarvestJob -AllSources | Stop-HarvestJob -PassThru
            Get-HarvestSource -SourceId $s.SourceId
            Get-HarvestDataset -DatasetId (Get-HarvestDataset -Source parks)[0].Name
            Get-HarvestObject -ObjectId (Get-HarvestObject -SourceId parks)[0].ObjectId
            Get-HarvestJob -JobId (Get-HarvestJob -Source parks)[0].JobId
            Clear-HarvestSourceHistory -KeepCurrent -Confirm:$false -PassThru
            Clear-HarvestSourceHistory -SourceId $s.SourceId -KeepCurrent -Confirm:$false -PassThru
            Set-Content ./staged.data.json '{"dataset": [{"identifier": "s1", "title": "Staged one"}]}'
            $staged = New-HarvestSource -Name staged -Url ./staged.data.json -Type datajson | Start-HarvestJob
            Invoke-HarvestGather -JobId $staged.JobId
            Invoke-HarvestFetch -JobId $staged.JobId
            """).ThrowIfFailed();
        Assert.Equal(10, sourceSets.Output.Count);
    }
}
