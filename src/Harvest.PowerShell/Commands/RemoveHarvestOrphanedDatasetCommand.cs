using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Remove-HarvestOrphanedDataset: deletes orphaned datasets for good (the `harvester orphan delete` command).</summary>
[Cmdlet(VerbsCommon.Remove, "HarvestOrphanedDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(Dataset))]
public sealed class RemoveHarvestOrphanedDatasetCommand : HarvestCmdlet
{
    private const string ById = "ById";
    private const string ByInputObject = "ByInputObject";

    /// <summary>Ids or names of orphaned datasets.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] DatasetId { get; set; } = [];

    /// <summary>Orphaned datasets, as Get-HarvestOrphanedDataset writes them.</summary>
    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public Dataset[] InputObject { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var keys = ParameterSetName == ByInputObject ? InputObject.Select(d => d.DatasetId) : DatasetId;
        ForEachItem(keys, key =>
        {
            if (!ShouldProcess(key, "Delete orphaned dataset for good")) return;
            var deleted = Engine.Orphans.Delete(key);
            if (PassThru) WriteObject(deleted);
        });
    }
}
