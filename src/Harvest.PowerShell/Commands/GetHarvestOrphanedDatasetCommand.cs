using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestOrphanedDataset: datasets a source orphaned (the `harvester orphans` command; DKAN's "manage datasets").</summary>
[Cmdlet(VerbsCommon.Get, "HarvestOrphanedDataset")]
[OutputType(typeof(Dataset))]
public sealed class GetHarvestOrphanedDatasetCommand : HarvestCmdlet
{
    /// <summary>Only datasets this source orphaned (id or name); all sources' when left out.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Source")]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? SourceId { get; set; }

    protected override void Process()
    {
        try
        {
            foreach (var dataset in Engine.Orphans.List(SourceId)) WriteObject(dataset);
        }
        catch (Harvest.Engine.HarvestException e)
        {
            WriteHarvestError(e, SourceId);
        }
    }
}
