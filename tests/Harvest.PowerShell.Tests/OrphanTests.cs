namespace Harvest.PowerShell.Tests;

/// <summary>
/// Datasets a source no longer lists (orphans, DKAN's "manage datasets"): listed by Get-HarvestOrphanedDataset, made active
/// again by Publish-HarvestOrphanedDataset and deleted for good by Remove-HarvestOrphanedDataset, as the dashboard does.
/// </summary>
public sealed class OrphanTests : IDisposable
{
    private readonly PwshSession _session = new();

    public OrphanTests()
    {
        _session.Run("""
            Set-Content ./trees.data.json '{"dataset": [{"identifier": "t1", "title": "Street Trees"}, {"identifier": "t2", "title": "Tree Felling"}]}'
            New-HarvestSource -Name trees -Url ./trees.data.json -Type datajson | Invoke-Harvest | Out-Null
            Set-Content ./trees.data.json '{"dataset": [{"identifier": "t1", "title": "Street Trees"}]}'
            Invoke-Harvest -Name trees | Out-Null
            """).ThrowIfFailed();
    }

    public void Dispose() => _session.Dispose();

    [Fact]
    public void An_orphan_is_listed_then_re_published_from_the_pipeline()
    {
        var orphans = _session.Run("Get-HarvestOrphanedDataset -Source trees").ThrowIfFailed();
        Assert.Equal("tree-felling", orphans.Single("Name"));

        var republished = _session.Run("Get-HarvestOrphanedDataset trees | Publish-HarvestOrphanedDataset -Confirm:$false").ThrowIfFailed();

        Assert.Equal("Active", republished.Single("State")?.ToString());
        Assert.Empty(_session.Run("Get-HarvestOrphanedDataset").ThrowIfFailed().Output);
    }

    [Fact]
    public void An_orphan_is_deleted_for_good_and_an_active_dataset_is_refused_with_an_error()
    {
        var refused = _session.Run("Remove-HarvestOrphanedDataset -DatasetId street-trees -Confirm:$false");
        var error = Assert.Single(refused.Errors);
        Assert.Contains("is active", error.Exception.Message);

        var removed = _session.Run("Remove-HarvestOrphanedDataset -DatasetId tree-felling -Confirm:$false -PassThru").ThrowIfFailed();

        Assert.Equal("tree-felling", removed.Single("Name"));
        var left = _session.Run("Get-HarvestDataset -Source trees -IncludeDeleted").ThrowIfFailed();
        Assert.Equal(["street-trees"], left.Values("Name"));
    }
}
