using System.Management.Automation;
using Harvest.Engine.Consumers;

namespace Harvest.PowerShell.Commands;

/// <summary>Clear-HarvestQueue: empties this site's gather and fetch queues (ckanext-harvest's purge-queues).</summary>
[Cmdlet(VerbsCommon.Clear, "HarvestQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(QueuePurgeResult))]
public sealed class ClearHarvestQueueCommand : HarvestCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        if (!ShouldProcess($"{Settings.MqType} queues of site '{Settings.SiteId}'", "Remove every queued item")) return;
        var removed = Await(PurgeAsync());
        if (PassThru) WriteObject(new QueuePurgeResult(Settings.SiteId, removed));
    }

    private async Task<long> PurgeAsync()
    {
        await using var queue = await OpenQueueAsync();
        return await queue.PurgeAsync(Cancellation);
    }
}
