using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-HarvestFetch: fetches and imports the waiting objects of gathered jobs now, in this session, and finishes each
/// job when nothing is left; writes the job.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarvestFetch", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(typeof(HarvestJob))]
public sealed class InvokeHarvestFetchCommand : JobCmdlet
{
    protected override void ProcessJob(HarvestJob job)
    {
        if (!ShouldProcess(job.JobId, "Fetch and import now")) return;
        StageProgress? latest = null;
        StageProgress? shown = null;
        var activity = $"Fetching job {job.JobId}";
        var report = Await(Engine.Jobs.FetchNowAsync(job.JobId, new RunOptions { Progress = new Progress<StageProgress>(p => latest = p) }, Cancellation), () =>
        {
            if (latest is not { } p || p == shown) return null;
            shown = p;
            return Progress.Stage(activity, p);
        });
        WriteProgress(Progress.Completed(1, activity));
        var output = Outputs.Job(report.Job, report.Source.Name);
        if (report.Job.Stats.Errored > 0)
            WriteError(new ErrorRecord(
                new HarvestException($"job {report.JobId} of '{report.Source.Name}' ended with {report.Job.Stats.Errored} errored records (Get-HarvestJobReport lists them)"),
                "RecordsErrored", ErrorCategory.InvalidData, output));
        WriteObject(output);
    }
}
