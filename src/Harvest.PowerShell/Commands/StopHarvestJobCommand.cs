using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Stop-HarvestJob: aborts New or Running jobs (ckanext-harvest's job-abort).</summary>
[Cmdlet(VerbsLifecycle.Stop, "HarvestJob", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(typeof(HarvestJob))]
public sealed class StopHarvestJobCommand : JobCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessJob(HarvestJob job)
    {
        if (!ShouldProcess(job.JobId, "Abort harvest job")) return;
        var aborted = Engine.Jobs.Abort(job.JobId);
        if (PassThru) WriteObject(aborted);
    }
}
