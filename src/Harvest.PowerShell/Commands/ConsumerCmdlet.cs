using System.Management.Automation;
using Harvest.Engine.Consumers;
using Harvest.Engine.Queues;

namespace Harvest.PowerShell.Commands;

/// <summary>Base of the consumer cmdlets: runs a consumer until Ctrl+C, then writes what it did.</summary>
public abstract class ConsumerCmdlet : HarvestCmdlet
{
    /// <summary>Workers in this session, each with its own store and queue connections.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Concurrency { get; set; } = 1;

    protected abstract HarvestQueueKind Queue { get; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(QueueNames.For(Engine.Settings.SiteId, Queue), "Consume")) return;
        var host = new ConsumerHost(Engine.Settings, Engine.Registry, Queue, Concurrency, Output);
        var progress = new ProgressRecord(3, $"Harvest {Queue.ToString().ToLowerInvariant()} consumer", "waiting for work (Ctrl+C stops)");
        try
        {
            Await(host.RunAsync(Cancellation).ContinueWith(_ => host.Processed, TaskScheduler.Default), () =>
            {
                progress.StatusDescription = $"{host.Processed} items done (Ctrl+C stops)";
                return progress;
            });
        }
        finally
        {
            WriteObject(new ConsumerSummary(QueueNames.For(Engine.Settings.SiteId, Queue), Concurrency, host.Processed));
        }
    }
}
