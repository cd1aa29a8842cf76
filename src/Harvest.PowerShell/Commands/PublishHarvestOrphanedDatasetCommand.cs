using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Publish-HarvestOrphanedDataset: makes orphaned datasets active again (the `harvester orphan republish` command).</summary>
[Cmdlet(VerbsData.Publish, "HarvestOrphanedDataset", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(typeof(Dataset))]
public sealed class PublishHarvestOrphanedDatasetCommand : HarvestCmdlet
{
    private const string ById = "ById";
    private const string ByInputObject = "ByInputObject";

    /// <summary>Ids or names of orphaned datasets.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] DatasetId { get; set; } = [];

    /// <summary>Orphaned datasets, as Get-HarvestOrphanedDataset writes them.</summary>
    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public Dataset[] InputObject { get; set; } = [];

    protected override void Process()
    {
        var keys = ParameterSetName == ByInputObject ? InputObject.Select(d => d.DatasetId) : DatasetId;
        ForEachItem(keys, key =>
        {
            if (!ShouldProcess(key, "Re-publish orphaned dataset")) return;
            WriteObject(Engine.Orphans.Republish(key));
        });
    }
}
