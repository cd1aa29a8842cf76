using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Base of cmdlets that act on jobs given by -JobId (from the pipeline by property name) or as -InputObject.</summary>
public abstract class JobCmdlet : HarvestCmdlet
{

    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[] JobId { get; set; } = [];

    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestJob[] InputObject { get; set; } = [];

    protected override void Process()
    {
        var given = ParameterSetName == ByInputObject
            ? InputObject.Select(j => (Key: j.JobId, Target: (object)j))
            : JobId.Select(id => (Key: id, Target: (object)id));
        foreach (var (key, target) in given)
        {
            if (Stopping) return;
            HarvestJob job;
            try
            {
                job = Engine.Jobs.Get(key);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, target);
                continue;
            }
            try
            {
                ProcessJob(job);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, job);
            }
        }
    }

    /// <summary>Acts on one job.</summary>
    protected abstract void ProcessJob(HarvestJob job);
}
