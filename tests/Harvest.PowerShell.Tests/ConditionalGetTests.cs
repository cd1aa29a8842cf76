namespace Harvest.PowerShell.Tests;

/// <summary>Invoke-Harvest of a data.json whose server answers 304: the job it writes counts every dataset not modified, and says why.</summary>
public sealed class ConditionalGetTests : IDisposable
{
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task Invoke_Harvest_of_an_unchanged_catalog_writes_a_job_with_every_dataset_not_modified()
    {
        await using var server = await ConditionalServer.StartAsync();
        var records = Enumerable.Range(1, 3).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToArray();
        _session.SetVariable("url", server.Serve("/data.json", DataJsonBuilder.Catalog(records)));
        _session.Run("New-HarvestSource -Name web -Url $url -Type datajson | Invoke-Harvest | Out-Null").ThrowIfFailed();

        var second = _session.Run("Invoke-Harvest -Name web -Verbose | ForEach-Object { $_.Stats }").ThrowIfFailed();

        Assert.Equal(1, server.NotModifiedCount);
        var stats = Assert.Single(second.Output);
        Assert.Equal(3, stats.Properties["NotModified"].Value);
        Assert.Equal(0, stats.Properties["Added"].Value);
        Assert.Equal(0, stats.Properties["Updated"].Value);
        Assert.Contains(second.Verbose, v => v.Message.Contains("catalog not modified since job", StringComparison.Ordinal) && v.Message.Contains("(HTTP 304)", StringComparison.Ordinal));
        var report = _session.Run("(Get-HarvestJob -Source web -First 1 | Get-HarvestJobReport).GatherWarnings | ForEach-Object { \"$_\" }").ThrowIfFailed();
        Assert.Contains("(HTTP 304)", Assert.Single(report.Output).ToString());
    }
}
