using System.Collections.Concurrent;
using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Harvesters;

namespace Harvest.PowerShell;

/// <summary>
/// What every Harvest cmdlet shares: -SettingsPath, the engine opened in BeginProcessing, a cancellation
/// token cancelled by Ctrl+C (StopProcessing), and ErrorRecords with stable ids.
/// Engine messages from worker threads are queued and written from the pipeline thread only.
/// </summary>
public abstract class HarvestCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConcurrentQueue<(HarvestLogLevel Level, string Message)> _messages = new();
    private HarvestEngine? _engine;

    /// <summary>Settings file to use instead of HARVEST_CONFIG or the default one.</summary>
    [Parameter]
    public string? SettingsPath { get; set; }

    protected HarvestEngine Engine => _engine ?? throw new InvalidOperationException("the engine is opened in BeginProcessing");

    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Where engine work reports; drained to Verbose/Warning on the pipeline thread.</summary>
    protected IHarvestOutput Output { get; private set; } = SilentOutput.Instance;

    protected override void BeginProcessing()
    {
        try
        {
            var path = SettingsPath is null ? null : GetUnresolvedProviderPathFromPSPath(SettingsPath);
            Output = new QueuedOutput(_messages);
            _engine = OpenEngine(SettingsLoader.Load(path), Output);
        }
        catch (HarvestException e)
        {
            ThrowTerminatingError(ErrorRecords.For(e, SettingsPath));
        }
    }

    /// <summary>The engine over these settings, with the built-in harvester types and the settings' plug-ins.</summary>
    internal static HarvestEngine OpenEngine(HarvestSettings settings, IHarvestOutput? output = null) =>
        new(settings, output, BuiltInHarvesters.CreateRegistry(settings));

    protected override void EndProcessing() => DrainMessages();

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Runs engine work on the pipeline thread's behalf, writing queued messages and progress while it runs.</summary>
    protected T Await<T>(Task<T> task, Func<ProgressRecord?>? progress = null)
    {
        while (!task.Wait(TimeSpan.FromMilliseconds(200)))
        {
            DrainMessages();
            if (progress?.Invoke() is { } record) WriteProgress(record);
        }
        DrainMessages();
        if (task.IsCanceled && Stopping) throw new PipelineStoppedException();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Writes a non-terminating error for one item; the command goes on with the next.</summary>
    protected void WriteHarvestError(Exception e, object? target) => WriteError(ErrorRecords.For(e, target));

    /// <summary>Acts on each item in turn; an engine failure on one is a non-terminating error naming it.</summary>
    protected void ForEachItem(IEnumerable<string> items, Action<string> act)
    {
        foreach (var item in items)
        {
            try
            {
                act(item);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, item);
            }
        }
    }

    protected void DrainMessages()
    {
        while (_messages.TryDequeue(out var message))
        {
            switch (message.Level)
            {
                case HarvestLogLevel.Warning:
                case HarvestLogLevel.Error:
                    WriteWarning(message.Message);
                    break;
                case HarvestLogLevel.Info:
                    WriteVerbose(message.Message);
                    break;
                default:
                    WriteDebug(message.Message);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class QueuedOutput(ConcurrentQueue<(HarvestLogLevel, string)> queue) : IHarvestOutput
    {
        public void Log(HarvestLogLevel level, string message) => queue.Enqueue((level, message));
    }
}

/// <summary>ErrorRecords with stable ids and categories for the engine's exceptions.</summary>
public static class ErrorRecords
{
    public static ErrorRecord For(Exception e, object? target) => e switch
    {
        HarvestNotFoundException n => new(e, $"{n.Entity}NotFound", ErrorCategory.ObjectNotFound, target),
        InvalidSourceConfigException => new(e, "InvalidSourceConfig", ErrorCategory.InvalidArgument, target),
        InvalidSourceException => new(e, "InvalidSource", ErrorCategory.InvalidArgument, target),
        UnknownSourceTypeException => new(e, "UnknownSourceType", ErrorCategory.InvalidArgument, target),
        JobAlreadyRunningException => new(e, "JobAlreadyRunning", ErrorCategory.ResourceBusy, target),
        HarvestConflictException => new(e, "HarvestConflict", ErrorCategory.InvalidOperation, target),
        HarvestSettingsException => new(e, "InvalidSettings", ErrorCategory.InvalidArgument, target),
        OperationCanceledException => new(e, "Cancelled", ErrorCategory.OperationStopped, target),
        HarvestException => new(e, "HarvestFailed", ErrorCategory.InvalidOperation, target),
        _ => new(e, "UnexpectedFailure", ErrorCategory.NotSpecified, target),
    };
}
