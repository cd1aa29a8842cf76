using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Base of cmdlets that act on jobs given by -JobId (from the pipeline by property name) or as -InputObject.</summary>
public abstract class JobCmdlet : HarvestCmdlet
{
    protected const string ById = "ById";
    protected const string ByInputObject = "ByInputObject";

    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestJob[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        var ids = ParameterSetName == ByInputObject ? InputObject.Select(j => j.JobId) : JobId;
        ForEachItem(ids, id => Process(Engine.Jobs.Get(id)));
    }

    protected abstract void Process(HarvestJob job);
}
