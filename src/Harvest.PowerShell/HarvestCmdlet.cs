using System.Collections.Concurrent;
using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Harvesters;

namespace Harvest.PowerShell;

/// <summary>
/// What every Harvest cmdlet shares: -SettingsPath, the settings read in BeginProcessing and the engine opened on first use,
/// a cancellation token cancelled by Ctrl+C (StopProcessing), and ErrorRecords with stable ids: a failure that escapes a
/// cmdlet's own per-item handling becomes a terminating error with its id, category and target, never a raw .NET exception.
/// Engine messages from worker threads are queued and written from the pipeline thread only.
/// </summary>
public abstract class HarvestCmdlet : PSCmdlet, IDisposable
{
    /// <summary>The parameter set of a cmdlet's items given by id (or name), as every Harvest cmdlet names it.</summary>
    protected const string ById = "ById";
    /// <summary>The parameter set of a cmdlet's items piped in as objects (-InputObject).</summary>
    protected const string ByInputObject = "ByInputObject";

    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConcurrentQueue<(HarvestLogLevel Level, string Message)> _messages = new();
    private HarvestSettings? _settings;
    private HarvestEngine? _engine;
    private string? _settingsFile;
    private int _warnings;

    /// <summary>Warnings a command writes before it sends the rest to the verbose stream.</summary>
    protected const int WarningLimit = 10;

    /// <summary>Settings file to use instead of HARVEST_CONFIG or the default one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SettingsPath { get; set; }

    /// <summary>The settings in force, read in BeginProcessing.</summary>
    protected HarvestSettings Settings => _settings ?? throw new InvalidOperationException("settings are read in BeginProcessing");

    /// <summary>
    /// The engine, opened (and the store created or upgraded) on first use. Under -WhatIf a SQLite store that does not exist yet is
    /// not created: the command looks into an empty in-memory store instead, so that -WhatIf changes nothing on disk.
    /// </summary>
    protected HarvestEngine Engine => _engine ??= OpenEngine();

    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Where engine work reports; drained to Verbose/Debug/Warning on the pipeline thread.</summary>
    protected IHarvestOutput Output { get; }

    protected HarvestCmdlet()
    {
        Output = new QueuedOutput(_messages);
    }

    protected sealed override void BeginProcessing() => Guard(() =>
    {
        _settingsFile = SettingsPath is null ? null : GetUnresolvedProviderPathFromPSPath(SettingsPath);
        _settings = SettingsLoader.Load(_settingsFile);
        Begin();
    });

    protected sealed override void ProcessRecord() => Guard(Process);

    protected sealed override void EndProcessing()
    {
        Guard(End);
        DrainMessages();
        if (_warnings > WarningLimit)
            WriteWarning($"{_warnings - WarningLimit} more warnings were not shown here: -Verbose shows them, and Get-HarvestJobReport lists the errored records");
    }

    protected sealed override void StopProcessing() => _cancellation.Cancel();

    /// <summary>After the settings are read, before the first input.</summary>
    protected virtual void Begin() { }

    /// <summary>Once per input (once without pipeline input).</summary>
    protected virtual void Process() { }

    /// <summary>After the last input.</summary>
    protected virtual void End() { }

    /// <summary>
    /// Waits for engine work, writing its queued messages and progress meanwhile; returns its result or throws its own exception
    /// (never an AggregateException). Whatever ends the wait early (Ctrl+C, a write that -WarningAction Stop turns into a stop, a
    /// host that cannot show a message), the engine work is cancelled and waited for before this returns, so that it never goes
    /// on behind a finished command (a job it runs ends Aborted, not Running).
    /// </summary>
    protected T Await<T>(Task<T> task, Func<ProgressRecord?>? progress = null)
    {
        try
        {
            while (Task.WaitAny([task], TimeSpan.FromMilliseconds(200)) < 0)
            {
                DrainMessages();
                if (progress?.Invoke() is { } record) WriteProgress(record);
            }
            if (!Stopping) DrainMessages();
        }
        catch
        {
            _cancellation.Cancel();
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
            throw;
        }
        if (Stopping && (task.IsCanceled || task.Exception?.InnerException is OperationCanceledException)) throw new PipelineStoppedException();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The queues the settings name. A broker that cannot be reached is a BrokerUnavailable error naming it (the engine's own
    /// message says which broker and which settings), whichever client library failed.
    /// </summary>
    protected async Task<Engine.Queues.IHarvestQueue> OpenQueueAsync()
    {
        try
        {
            return await Engine.OpenQueueAsync(Cancellation);
        }
        catch (HarvestException e) when (e is not HarvestSettingsException && !ErrorRecords.IsStoreFailure(e) && !Cancellation.IsCancellationRequested)
        {
            throw new BrokerUnavailableException(e);
        }
    }

    /// <summary>Writes a non-terminating error for one item; the command goes on with the next.</summary>
    protected void WriteHarvestError(Exception e, object? target) => WriteError(ErrorRecords.For(e, target ?? DefaultTarget(e)));

    /// <summary>Acts on each item in turn; an engine failure on one is a non-terminating error naming it.</summary>
    protected void ForEachItem<TItem>(IEnumerable<TItem> items, Action<TItem> act)
    {
        foreach (var item in items)
        {
            if (Stopping) return;
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

    /// <summary>
    /// Writes the engine's queued messages: warnings and errors as warnings, information as verbose, the rest as debug. A command
    /// writes at most <see cref="WarningLimit"/> warnings (a catalog with a thousand bad records would otherwise bury everything
    /// else, in a console or a cron log); the rest go to the verbose stream, and one warning at the end says how many there were.
    /// </summary>
    protected void DrainMessages()
    {
        while (_messages.TryDequeue(out var message))
        {
            switch (message.Level)
            {
                case HarvestLogLevel.Warning or HarvestLogLevel.Error when _warnings < WarningLimit:
                    _warnings++;
                    WriteWarning(message.Message);
                    break;
                case HarvestLogLevel.Warning or HarvestLogLevel.Error:
                    _warnings++;
                    WriteVerbose("WARNING: " + message.Message);
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

    /// <summary>What a settings or store failure names: the settings file in use, else the store.</summary>
    protected object? DefaultTarget(Exception e) => e switch
    {
        HarvestSettingsException => SettingsFileInUse(),
        _ when ErrorRecords.IsBrokerFailure(e) => _settings is null ? null : $"{_settings.MqType} queues at {_settings.MqHostname}{(_settings.MqPort is { } port ? $":{port}" : "")}",
        _ when ErrorRecords.IsStoreFailure(e) => _settings is null ? null : StoreDisplayName(_settings),
        _ => null,
    };

    public void Dispose()
    {
        _engine?.Dispose();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    private HarvestEngine OpenEngine()
    {
        var settings = Settings;
        if (WhatIfRequested() && !IsServerStore(settings.Database) && settings.Database != ":memory:" && !File.Exists(settings.Database))
            settings = settings with { Database = ":memory:" };
        // The built-in harvester types, then the plug-ins the settings name (harvester_assemblies).
        return new HarvestEngine(settings, Output, BuiltInHarvesters.CreateRegistry(settings));
    }

    private bool WhatIfRequested() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? whatIf is SwitchParameter { IsPresent: true }
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    private string? SettingsFileInUse()
    {
        if (_settingsFile is not null) return _settingsFile;
        var fromEnvironment = Environment.GetEnvironmentVariable(SettingsLoader.ConfigFileVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        return File.Exists(DefaultPaths.SettingsFile()) ? DefaultPaths.SettingsFile() : null;
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (Stopping)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is not RuntimeException)
        {
            ThrowTerminatingError(ErrorRecords.For(e, DefaultTarget(ErrorRecords.Unwrap(e))));
        }
    }

    /// <summary>A PostgreSQL connection string (key=value pairs or a URL) rather than a SQLite file.</summary>
    private static bool IsServerStore(string database) =>
        database.Contains('=', StringComparison.Ordinal) || database.Contains("://", StringComparison.Ordinal);

    /// <summary>The store as errors and prompts may show it: a SQLite path as it is, a connection string without its password.</summary>
    internal static string StoreDisplayName(HarvestSettings settings) => settings.RedactedDatabase;

    private sealed class QueuedOutput(ConcurrentQueue<(HarvestLogLevel, string)> queue) : IHarvestOutput
    {
        public void Log(HarvestLogLevel level, string message) => queue.Enqueue((level, message));
    }
}

/// <summary>ErrorRecords with stable ids and categories for the engine's exceptions and the failures beneath it.</summary>
public static class ErrorRecords
{
    public static ErrorRecord For(Exception e, object? target)
    {
        e = Unwrap(e);
        return e switch
        {
            HarvestNotFoundException n => new(e, $"{n.Entity}NotFound", ErrorCategory.ObjectNotFound, target),
            InvalidSourceConfigException => new(e, "InvalidSourceConfig", ErrorCategory.InvalidArgument, target),
            Engine.Sources.InvalidSourceException => new(e, "InvalidSource", ErrorCategory.InvalidArgument, target),
            Engine.Harvesters.UnknownSourceTypeException => new(e, "UnknownSourceType", ErrorCategory.InvalidArgument, target),
            Engine.Jobs.JobAlreadyRunningException => new(e, "JobAlreadyRunning", ErrorCategory.ResourceBusy, target),
            HarvestConflictException => new(e, "HarvestConflict", ErrorCategory.InvalidOperation, target),
            HarvestSettingsException => new(e, "InvalidSettings", ErrorCategory.InvalidArgument, target),
            OperationCanceledException => new(e, "Cancelled", ErrorCategory.OperationStopped, target),
            TimeoutException => new(e, "OperationTimeout", ErrorCategory.OperationTimeout, target),
            _ when IsBrokerFailure(e) => new(e as HarvestException ?? new HarvestException($"the queue broker cannot be used: {Describe(e)}", e),
                "BrokerUnavailable", ErrorCategory.ConnectionError, target),
            _ when IsStoreFailure(e) => new(e as HarvestException ?? new HarvestException($"the store cannot be used: {Describe(e)}", e),
                "StoreUnavailable", ErrorCategory.ResourceUnavailable, target),
            HarvestException => new(e, "HarvestFailed", ErrorCategory.InvalidOperation, target),
            System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException =>
                new(new HarvestException(Describe(e), e), "ConnectionFailed", ErrorCategory.ConnectionError, target),
            _ => new(new HarvestException($"unexpected failure: {Describe(e)}", e), "UnexpectedFailure", ErrorCategory.NotSpecified, target),
        };
    }

    /// <summary>The exception that says what happened: an AggregateException or TargetInvocationException unwrapped.</summary>
    public static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    e = aggregate.InnerExceptions[0];
                    continue;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                default:
                    return e;
            }
        }
    }

    /// <summary>The queue broker (Redis, RabbitMQ) cannot be reached: a failure of its client library, or one the engine wrapped.</summary>
    internal static bool IsBrokerFailure(Exception e)
    {
        if (e is BrokerUnavailableException) return true;
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner.GetType().Namespace is { } ns && (ns.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) || ns.StartsWith("StackExchange.Redis", StringComparison.Ordinal)))
                return true;
        return false;
    }

    /// <summary>The store (its file, folder or server) cannot be opened or written.</summary>
    internal static bool IsStoreFailure(Exception e) =>
        e is System.Data.Common.DbException or IOException or UnauthorizedAccessException
        || (e is HarvestException && e.InnerException is System.Data.Common.DbException or IOException or UnauthorizedAccessException);

    private static string Describe(Exception e) => e is HarvestException ? e.Message : $"{e.GetType().Name}: {e.Message}";
}

/// <summary>The queue broker the settings name (Redis, RabbitMQ) cannot be reached.</summary>
public sealed class BrokerUnavailableException(HarvestException inner) : HarvestException(inner.Message, inner.InnerException ?? inner);
