using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-HarvestGather: gathers New jobs now, in this session: their objects are written and queued for fetch (records
/// unchanged since their dataset's current object are settled instead); writes each job as the gather left it.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarvestGather", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(typeof(HarvestJob))]
public sealed class InvokeHarvestGatherCommand : JobCmdlet
{
    protected override void ProcessJob(HarvestJob job)
    {
        if (!ShouldProcess(job.JobId, "Gather now")) return;
        var gathered = Await(Engine.Jobs.GatherNowAsync(job.JobId, Cancellation));
        foreach (var error in Engine.Jobs.Report(gathered.JobId).GatherErrors)
            WriteError(new ErrorRecord(new HarvestException(error.Message), "GatherFailed", ErrorCategory.ReadError, gathered));
        WriteObject(Outputs.Job(gathered, Engine.Sources.Get(gathered.SourceId).Name));
    }
}
