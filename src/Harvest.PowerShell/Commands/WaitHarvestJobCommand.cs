using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Wait-HarvestJob: waits until jobs are Finished or Aborted by whoever runs them (consumers, or
/// `harvester run-test` / Invoke-Harvest in another session), then writes them.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "HarvestJob", DefaultParameterSetName = ById)]
[OutputType(typeof(HarvestJob))]
public sealed class WaitHarvestJobCommand : JobCmdlet
{
    /// <summary>Seconds to wait for each job before giving up with a JobWaitTimeout error; 0 waits for ever.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; }

    protected override void Process(HarvestJob job)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        if (TimeoutSec > 0) timeout.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
        var progress = new ProgressRecord(2, "Waiting for harvest job", job.JobId);
        try
        {
            WriteObject(Await(Engine.Jobs.WaitAsync(job.JobId, TimeSpan.FromSeconds(1), timeout.Token), () =>
            {
                var current = Engine.Jobs.Get(job.JobId);
                progress.StatusDescription = current.Progress is { } p ? $"{current.Status}: {p.Summary}" : $"{current.Status}: {current.Stats}";
                if (current.Progress?.PercentDone is { } percent) progress.PercentComplete = (int)Math.Clamp(percent, 0, 100);
                if (current.Progress?.EstimatedTimeLeft is { } left) progress.SecondsRemaining = (int)Math.Min(left.TotalSeconds, int.MaxValue);
                return progress;
            }));
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            WriteError(new ErrorRecord(new TimeoutException($"job {job.JobId} did not finish within {TimeoutSec} s"),
                "JobWaitTimeout", ErrorCategory.OperationTimeout, job));
        }
    }
}
