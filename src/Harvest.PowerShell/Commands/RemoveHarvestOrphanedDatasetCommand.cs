using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Remove-HarvestOrphanedDataset: deletes orphaned datasets for good (the `harvester orphan delete` command).</summary>
[Cmdlet(VerbsCommon.Remove, "HarvestOrphanedDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(Dataset))]
public sealed class RemoveHarvestOrphanedDatasetCommand : OrphanCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessOrphan(string datasetKey)
    {
        if (!ShouldProcess(datasetKey, "Delete orphaned dataset for good")) return;
        var deleted = Engine.Orphans.Delete(datasetKey);
        if (PassThru) WriteObject(deleted);
    }
}
