using System.Management.Automation;
using Harvest.Engine.Consumers;
using Harvest.Engine.Queues;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Base of the consumer cmdlets: runs a consumer until Ctrl+C (or -TimeoutSec), then writes what it did. Settings the consumer
/// cannot work with are a terminating InvalidSettings error, never a summary of nothing.
/// </summary>
public abstract class ConsumerCmdlet : HarvestCmdlet
{
    /// <summary>Workers in this session, each with its own store and queue connections.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Concurrency { get; set; } = 1;

    /// <summary>Seconds to run before stopping as Ctrl+C would; 0 runs until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; }

    protected abstract HarvestQueueKind Queue { get; }

    protected override void Process()
    {
        var queueName = QueueNames.For(Settings.SiteId, Queue);
        if (!ShouldProcess(queueName, "Consume")) return;
        var host = new ConsumerHost(Settings, Engine.Registry, Queue, Concurrency, Output);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        if (TimeoutSec > 0) stop.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
        var activity = $"Harvest {Queue.ToString().ToLowerInvariant()} consumer";
        try
        {
            Await(RunAsync(host, stop.Token), () => new ProgressRecord(3, activity, $"{host.Processed} items done (Ctrl+C stops)"));
        }
        catch (PipelineStoppedException)
        {
            TellHost($"{activity} stopped: {host.Processed} items done by {Concurrency} workers on {queueName}");
            throw;
        }
        if (Stopping)
        {
            // A stopping pipeline takes no more output: say what was done on the host, where the person who stopped it looks.
            TellHost($"{activity} stopped: {host.Processed} items done by {Concurrency} workers on {queueName}");
            throw new PipelineStoppedException();
        }
        WriteProgress(Progress.Completed(3, activity));
        WriteObject(new ConsumerSummary(queueName, Concurrency, host.Processed));
    }

    private static async Task<int> RunAsync(ConsumerHost host, CancellationToken stop)
    {
        await host.RunAsync(stop);
        return host.Processed;
    }

    private void TellHost(string line)
    {
        try
        {
            Host?.UI?.WriteLine(line);
        }
        catch (System.Management.Automation.Host.HostException)
        {
            // A host without a user interface: nobody to tell.
        }
        catch (NotImplementedException)
        {
        }
    }
}
