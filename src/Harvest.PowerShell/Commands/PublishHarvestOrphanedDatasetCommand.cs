using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Publish-HarvestOrphanedDataset: makes orphaned datasets active again (the `harvester orphan republish` command).</summary>
[Cmdlet(VerbsData.Publish, "HarvestOrphanedDataset", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(typeof(Dataset))]
public sealed class PublishHarvestOrphanedDatasetCommand : OrphanCmdlet
{
    protected override void ProcessOrphan(string datasetKey)
    {
        if (!ShouldProcess(datasetKey, "Re-publish orphaned dataset")) return;
        WriteObject(Engine.Orphans.Republish(datasetKey));
    }
}
