using System.Management.Automation;
using Harvest.Engine.Jobs;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-HarvestRun: ckanext-harvest's run — jobs for sources due by frequency, New jobs queued,
/// ended jobs finished, idle jobs timed out, lost work queued again.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarvestRun", SupportsShouldProcess = true)]
[OutputType(typeof(RunSummary))]
public sealed class InvokeHarvestRunCommand : HarvestCmdlet
{
    protected override void Process()
    {
        if (!ShouldProcess(StoreDisplayName(Settings), "Schedule, queue and finish harvest jobs")) return;
        WriteObject(Await(RunAsync()));
    }

    private async Task<RunSummary> RunAsync()
    {
        await using var queue = await OpenQueueAsync();
        return await Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow, Cancellation);
    }
}
