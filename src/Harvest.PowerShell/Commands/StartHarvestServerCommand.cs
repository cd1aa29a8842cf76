using System.Management.Automation;
using Harvest.Engine;
using Harvest.PowerShell.Loading;

namespace Harvest.PowerShell.Commands;

/// <summary>Start-HarvestServer: serves the dashboard, the harvest API and the local catalog until Ctrl+C (the `harvester serve` command).</summary>
[Cmdlet(VerbsLifecycle.Start, "HarvestServer", SupportsShouldProcess = true)]
[OutputType(typeof(HarvestServerInfo))]
public sealed class StartHarvestServerCommand : HarvestCmdlet
{
    /// <summary>Addresses to listen on; a non-loopback address needs the api_tokens setting.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = ["http://127.0.0.1:5000"];

    protected override void Process()
    {
        if (!ShouldProcess(string.Join(", ", Url), "Serve the Harvest dashboard and API")) return;
        try
        {
            var dependencies = Path.Combine(Path.GetDirectoryName(typeof(StartHarvestServerCommand).Assembly.Location)!, DependencyLoadContext.FolderName);
            var run = WebLoadContext.Load(dependencies);
            var started = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var serving = run(Engine.Settings, Engine.Registry, Output, Url, urls => started.TrySetResult(urls), Cancellation);
            // Failures come back as values: the pipeline thread rethrows them where it can write an ErrorRecord.
            var failure = serving.ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default);
            var first = Await(Task.WhenAny(started.Task, failure));
            if (first == started.Task)
            {
                WriteObject(new HarvestServerInfo(started.Task.Result, DateTimeOffset.UtcNow));
                var progress = new ProgressRecord(4, "Harvest server", $"serving on {string.Join(", ", started.Task.Result)} (Ctrl+C stops)");
                Await(failure, () => progress);
            }
            if (failure.Result is OperationCanceledException && Stopping) throw new PipelineStoppedException();
            if (failure.Result is { } error) throw error;
        }
        catch (HarvestException e)
        {
            ThrowTerminatingError(ErrorRecords.For(e, Url));
        }
    }
}

/// <summary>Where a started Harvest server listens.</summary>
public sealed record HarvestServerInfo(IReadOnlyList<string> Url, DateTimeOffset Started);
