namespace Harvest.PowerShell.Tests;

/// <summary>Tab completion, as TabExpansion2 asks for it, from the store the command would use (here by $PSDefaultParameterValues).</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly PwshSession _session = new();

    public CompletionTests() =>
        _session.Run("""
            New-HarvestSource -Name city-parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name city-remote -Url 'http://127.0.0.1:9' -Type ckan | Out-Null
            """).ThrowIfFailed();

    public void Dispose() => _session.Dispose();

    [Theory]
    [InlineData("Get-HarvestSource -Name city-", new[] { "city-parks", "city-remote" })]
    [InlineData("Invoke-Harvest city-p", new[] { "city-parks" })]
    [InlineData("New-HarvestSource -Name x -Url y -Type c", new[] { "ckan", "csw" })]
    [InlineData("Get-HarvestDataset -Name pl", new[] { "playgrounds" })]
    [InlineData("Get-HarvestDataset -Source city-parks -Name st", new[] { "street-trees" })]
    public void Completes_names_from_the_store(string line, string[] expected) =>
        Assert.Equal(expected, Complete(line));

    [Fact]
    public void Completes_source_ids_and_job_ids_by_their_first_characters()
    {
        var sourceId = _session.Run("(Get-HarvestSource city-parks).SourceId").Output.Single().ToString();
        var jobId = _session.Run("(Get-HarvestJob -Source city-parks -First 1).JobId").Output.Single().ToString();

        Assert.Equal([sourceId], Complete($"Get-HarvestJob -SourceId {sourceId[..6]}"));
        Assert.Equal([jobId], Complete($"Get-HarvestJobReport -JobId {jobId[..6]}"));
        Assert.Equal([jobId], Complete($"Get-HarvestObject -JobId {jobId[..6]}"));
    }

    [Fact]
    public void Completes_the_config_keys_of_the_source_type_as_json_to_fill_in()
    {
        var ckan = Complete("New-HarvestSource -Name x -Url y -Type ckan -Config api");
        Assert.Equal(["'{\"api_key\": \"\"}'", "'{\"api_version\": 0}'"], ckan.Order());

        var datajson = Complete("Set-HarvestSource -Name city-parks -Config fil");
        Assert.Equal(["'{\"filters\": {}}'"], datajson);
    }

    [Fact]
    public void Completing_against_a_store_that_does_not_exist_offers_nothing_and_creates_nothing()
    {
        var missing = Path.Combine(_session.Folder, "nowhere", "harvest.db");
        File.WriteAllText(Path.Combine(_session.Folder, "nowhere.json"), System.Text.Json.JsonSerializer.Serialize(new { database = missing }));

        Assert.Empty(Complete("Get-HarvestSource -SettingsPath ./nowhere.json -Name c"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    private List<string> Complete(string line)
    {
        _session.SetVariable("line", line);
        return [.. _session.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText")
            .ThrowIfFailed().Output.Where(o => o is not null).Select(o => o.ToString())];
    }
}
