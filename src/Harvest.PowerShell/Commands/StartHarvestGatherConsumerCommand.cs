using System.Management.Automation;
using Harvest.Engine.Consumers;
using Harvest.Engine.Queues;

namespace Harvest.PowerShell.Commands;

/// <summary>Start-HarvestGatherConsumer: gathers queued jobs until Ctrl+C (ckanext-harvest's gather-consumer).</summary>
[Cmdlet(VerbsLifecycle.Start, "HarvestGatherConsumer", SupportsShouldProcess = true)]
[OutputType(typeof(ConsumerSummary))]
public sealed class StartHarvestGatherConsumerCommand : ConsumerCmdlet
{
    protected override HarvestQueueKind Queue => HarvestQueueKind.Gather;
}
