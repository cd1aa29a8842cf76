using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Wait-HarvestJob: waits until jobs are Finished or Aborted by whoever runs them (consumers, or
/// `harvester run-test` / Invoke-Harvest in another session), then writes each as it ends. Jobs piped in are all taken first
/// and waited for together, so that `Start-HarvestJob | Wait-HarvestJob` creates every job before it waits.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "HarvestJob", DefaultParameterSetName = ById)]
[OutputType(typeof(HarvestJob))]
public sealed class WaitHarvestJobCommand : JobCmdlet
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly List<HarvestJob> _jobs = [];

    /// <summary>Seconds to wait for the jobs before giving up on those still going with a JobWaitTimeout error; 0 waits for ever.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 3600;

    protected override void ProcessJob(HarvestJob job)
    {
        if (_jobs.All(j => j.JobId != job.JobId)) _jobs.Add(job);
    }

    protected override void End()
    {
        var names = Engine.Sources.List(includeInactive: true).ToDictionary(s => s.SourceId, s => s.Name);
        var deadline = TimeoutSec > 0 ? DateTimeOffset.UtcNow.AddSeconds(TimeoutSec) : DateTimeOffset.MaxValue;
        var pending = _jobs.ToList();
        while (pending.Count > 0)
        {
            foreach (var job in pending.ToList())
            {
                HarvestJob current;
                try
                {
                    current = Engine.Jobs.Get(job.JobId);
                }
                catch (HarvestNotFoundException e)
                {
                    // Removed meanwhile (Clear-HarvestSource, Remove-HarvestSource).
                    WriteHarvestError(e, job);
                    pending.Remove(job);
                    continue;
                }
                var activity = $"Waiting for harvest job of {names.GetValueOrDefault(job.SourceId, job.SourceId)}";
                var id = 2 + _jobs.IndexOf(job);
                if (current.Status is JobStatus.Finished or JobStatus.Aborted)
                {
                    WriteProgress(Progress.Completed(id, activity));
                    WriteObject(Outputs.Job(current, names.GetValueOrDefault(current.SourceId)));
                    pending.Remove(job);
                }
                else
                {
                    WriteProgress(Waiting(id, activity, current));
                }
            }
            if (pending.Count == 0) break;
            if (DateTimeOffset.UtcNow >= deadline)
            {
                foreach (var job in pending)
                {
                    var status = Engine.Jobs.Get(job.JobId).Status;
                    var hint = status == JobStatus.New
                        ? ": it is still New, and nothing runs a New job until Invoke-HarvestRun (or `harvester run`) queues it for the consumers, Start-HarvestJob -Queue queues it at once, or Invoke-Harvest runs it"
                        : $": it is still {status}";
                    WriteError(new ErrorRecord(new TimeoutException($"job {job.JobId} did not finish within {TimeoutSec} s{hint}"),
                        "JobWaitTimeout", ErrorCategory.OperationTimeout, job));
                }
                return;
            }
            if (Cancellation.WaitHandle.WaitOne(PollInterval) || Stopping) throw new PipelineStoppedException();
        }
    }

    private static ProgressRecord Waiting(int id, string activity, HarvestJob job)
    {
        var record = new ProgressRecord(id, activity, job.Progress is { } p ? $"{job.Status}: {p.Summary}" : $"{job.Status}: {job.Stats}");
        if (job.Progress?.PercentDone is { } percent) record.PercentComplete = (int)Math.Clamp(percent, 0, 100);
        if (job.Progress?.EstimatedTimeLeft is { } left) record.SecondsRemaining = (int)Math.Min(left.TotalSeconds, int.MaxValue);
        return record;
    }
}
