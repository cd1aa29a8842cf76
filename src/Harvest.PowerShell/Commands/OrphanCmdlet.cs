using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Base of the cmdlets that act on orphaned datasets given by -DatasetId (ids or names, also from the pipeline by
/// property name) or as -InputObject, as Get-HarvestOrphanedDataset writes them.
/// </summary>
public abstract class OrphanCmdlet : HarvestCmdlet
{

    /// <summary>Ids or names of orphaned datasets.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] DatasetId { get; set; } = [];

    /// <summary>Orphaned datasets, as Get-HarvestOrphanedDataset writes them.</summary>
    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public Dataset[] InputObject { get; set; } = [];

    protected override void Process() =>
        ForEachItem(ParameterSetName == ByInputObject ? InputObject.Select(d => d.DatasetId) : DatasetId, ProcessOrphan);

    /// <summary>Acts on one orphaned dataset, given by its id or name.</summary>
    protected abstract void ProcessOrphan(string datasetKey);
}
