using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Start-HarvestJob: creates a New job for each source (ckanext-harvest's job / job-all); consumers or
/// Invoke-Harvest carry it out. A source has at most one New or Running job. With -Queue the jobs go on the gather
/// queue at once, for the consumers, instead of waiting for the next Invoke-HarvestRun.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "HarvestJob", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestJob))]
public sealed class StartHarvestJobCommand : SourceCmdlet
{
    private const string All = "All";

    /// <summary>A job for every active source that has none New or Running.</summary>
    [Parameter(ParameterSetName = All, Mandatory = true)]
    public SwitchParameter AllSources { get; set; }

    /// <summary>Queue each job for the gather consumers now (it is then Running), as Invoke-HarvestRun would on its next pass.</summary>
    [Parameter]
    public SwitchParameter Queue { get; set; }

    protected override void Process()
    {
        if (ParameterSetName != All)
        {
            base.Process();
            return;
        }
        // Sources that already have a New or Running job get JobAlreadyRunning errors, as for one source.
        ForEachItem(Engine.Sources.List(), ProcessSource);
    }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, Queue ? "Create a harvest job and queue it for the gather consumers" : "Create a harvest job")) return;
        var job = Engine.Jobs.Create(source.SourceId);
        if (Queue)
        {
            var queued = Await(QueueAsync(job.JobId));
            job = Engine.Jobs.Get(job.JobId);
            if (!queued) WriteWarning($"job {job.JobId} of '{source.Name}' was not queued: it is already {job.Status}");
        }
        WriteObject(Outputs.Job(job, source.Name));
    }

    private async Task<bool> QueueAsync(string jobId)
    {
        await using var queue = await OpenQueueAsync();
        return await Engine.Scheduler.QueueAsync(queue, jobId, DateTimeOffset.UtcNow, Cancellation);
    }
}
