using System.Management.Automation;
using Harvest.Engine.Consumers;
using Harvest.Engine.Queues;

namespace Harvest.PowerShell.Commands;

/// <summary>Start-HarvestFetchConsumer: fetches and imports queued objects until Ctrl+C (ckanext-harvest's fetch-consumer).</summary>
[Cmdlet(VerbsLifecycle.Start, "HarvestFetchConsumer", SupportsShouldProcess = true)]
[OutputType(typeof(ConsumerSummary))]
public sealed class StartHarvestFetchConsumerCommand : ConsumerCmdlet
{
    protected override HarvestQueueKind Queue => HarvestQueueKind.Fetch;
}
