namespace Harvest.PowerShell.Tests;

/// <summary>Every state change supports -WhatIf (it says what it would do and changes nothing) and -Confirm (it asks first).</summary>
public sealed class ShouldProcessTests : IDisposable
{
    private readonly TestHost _host = new();
    private readonly PwshSession _session;

    public ShouldProcessTests()
    {
        _session = new PwshSession(host: _host);
        _session.Run("""
            New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null
            Set-Content ./other.data.json '{"dataset": [{"identifier": "o1", "title": "Other one"}]}'
            New-HarvestSource -Name other -Url ./other.data.json -Type datajson | Start-HarvestJob | Out-Null
            New-HarvestSource -Name off -Url ./off.data.json -Type datajson | Disable-HarvestSource
            function Get-Snapshot {
                $sources = Get-HarvestSource -IncludeInactive | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.Active, $_.Title }
                $jobs = Get-HarvestJob | ForEach-Object { '{0}:{1}' -f $_.SourceName, $_.Status }
                '{0} | {1} | {2} datasets' -f ($sources -join ','), ($jobs -join ','), @(Get-HarvestDataset -IncludeDeleted).Count
            }
            """).ThrowIfFailed();
    }

    public void Dispose() => _session.Dispose();

    public static TheoryData<string, string> StateChanges => new()
    {
        { "Set-HarvestSource -Name parks -Title 'Renamed'", "parks" },
        { "Disable-HarvestSource -Name parks", "parks" },
        { "Enable-HarvestSource -Name off", "off" },
        { "Remove-HarvestSource -Name parks", "parks" },
        { "Clear-HarvestSource -Name parks", "parks" },
        { "Clear-HarvestSourceHistory -Name parks", "parks" },
        { "Start-HarvestJob -Name parks", "parks" },
        { "Get-HarvestJob -Source other | Stop-HarvestJob", "" },
        { "Invoke-Harvest -Name other", "other" },
        { "Invoke-HarvestImport -Source parks", "parks" },
        { "Invoke-HarvestRun", "harvest.db" },
        { "New-HarvestSource -Name more -Url ./more.data.json -Type datajson", "more" },
        { "Initialize-HarvestStore", "harvest.db" },
        { "Clear-HarvestQueue", "queues of site 'default'" },
        { "Clear-HarvestLog", "harvest log" },
        { "Start-HarvestGatherConsumer", "ckan.harvest.default.gather" },
        { "Start-HarvestFetchConsumer", "ckan.harvest.default.fetch" },
        { "Publish-HarvestOrphanedDataset -DatasetId city-parks", "city-parks" },
        { "Remove-HarvestOrphanedDataset -DatasetId city-parks", "city-parks" },
        { "Start-HarvestServer", "http://127.0.0.1:5000" },
    };

    [Theory]
    [MemberData(nameof(StateChanges))]
    public void WhatIf_says_what_would_be_done_and_changes_nothing(string command, string target)
    {
        var before = Snapshot();

        var result = _session.Run(command + " -WhatIf").ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Equal(before, Snapshot());
        Assert.Contains(_host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains(target, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StateChanges))]
    public void Confirm_asks_first_and_an_answer_of_no_changes_nothing(string command, string target)
    {
        var before = Snapshot();
        _host.Answer = "&No";

        var result = _session.Run(command + " -Confirm").ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Equal(before, Snapshot());
        Assert.Contains(_host.Prompts, p => p.Contains(target, StringComparison.Ordinal));
    }

    [Fact]
    public void Confirm_answered_yes_does_it()
    {
        _host.Answer = "&Yes";

        _session.Run("Set-HarvestSource -Name parks -Title 'Renamed' -Confirm").ThrowIfFailed();

        Assert.Single(_host.Prompts);
        Assert.Equal("Renamed", _session.Run("(Get-HarvestSource parks).Title").Output.Single().ToString());
    }

    [Theory]
    [InlineData("Initialize-HarvestStore -WhatIf")]
    [InlineData("New-HarvestSource -Name fresh -Url ./fresh.data.json -Type datajson -WhatIf")]
    [InlineData("Remove-HarvestSource -Name fresh -WhatIf")]
    public void WhatIf_on_a_store_that_does_not_exist_yet_does_not_create_it(string command)
    {
        var fresh = Path.Combine(_session.Folder, "fresh", "harvest.db");
        File.WriteAllText(Path.Combine(_session.Folder, "fresh.json"), System.Text.Json.JsonSerializer.Serialize(new { database = fresh }));

        _session.Run(command + " -SettingsPath ./fresh.json");

        Assert.False(File.Exists(fresh), "the store was created");
        Assert.False(Directory.Exists(Path.GetDirectoryName(fresh)), "the store's folder was created");
    }

    private string Snapshot() => _session.Run("Get-Snapshot").ThrowIfFailed().Output.Single().ToString();
}
