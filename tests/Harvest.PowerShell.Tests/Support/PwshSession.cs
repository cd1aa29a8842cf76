using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Text.Json;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>
/// A real PowerShell runspace in the test process with the published module imported, as pwsh imports it, over a store of
/// its own: <c>$settings</c> names its settings file and <c>$PSDefaultParameterValues</c> passes it to every Harvest cmdlet,
/// so no test touches the user's store. The location is the session's own folder.
/// </summary>
public sealed class PwshSession : IDisposable
{
    private readonly Runspace _runspace;

    public PwshSession(bool importModule = true, bool defaultSettingsPath = true, PSHost? host = null)
    {
        Folder = Directory.CreateTempSubdirectory("harvest-pwsh-").FullName;
        SettingsPath = Path.Combine(Folder, "settings.json");
        DatabasePath = Path.Combine(Folder, "harvest.db");
        WriteSettings();
        var state = InitialSessionState.CreateDefault2();
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("settings", SettingsPath);
        _runspace.SessionStateProxy.SetVariable("module", PublishedModule.Instance.Manifest);
        _runspace.SessionStateProxy.SetVariable("samples", ModuleFiles.Samples);
        _runspace.SessionStateProxy.Path.SetLocation(Folder);
        if (defaultSettingsPath) Run("$PSDefaultParameterValues['*-Harvest*:SettingsPath'] = $settings").ThrowIfFailed();
        if (importModule) Run("Import-Module $module").ThrowIfFailed();
    }

    public string Folder { get; }
    public string SettingsPath { get; }
    public string DatabasePath { get; }
    public Runspace Runspace => _runspace;

    /// <summary>Writes the settings file: the session's SQLite store plus the given keys.</summary>
    public void WriteSettings(IReadOnlyDictionary<string, object?>? extra = null)
    {
        var values = new Dictionary<string, object?> { ["database"] = DatabasePath };
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>()) values[key] = value;
        File.WriteAllText(SettingsPath, JsonSerializer.Serialize(values));
    }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>
    /// Runs a script to its end and collects every stream; a terminating error is kept, not thrown. With
    /// <paramref name="withoutDefaults"/> the session's $PSDefaultParameterValues are set aside for the script.
    /// </summary>
    public PwshResult Run(string script, bool withoutDefaults = false)
    {
        using var pipeline = System.Management.Automation.PowerShell.Create(_runspace);
        if (withoutDefaults) script = $"$saved = $PSDefaultParameterValues.Clone(); $PSDefaultParameterValues.Clear(); try {{ {script} }} finally {{ $saved.GetEnumerator() | ForEach-Object {{ $PSDefaultParameterValues[$_.Key] = $_.Value }} }}";
        pipeline.AddScript(script);
        Collection<PSObject> output = [];
        Exception? terminating = null;
        try
        {
            output = pipeline.Invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return PwshResult.From(pipeline, output, terminating);
    }

    /// <summary>Starts a script and returns while it runs (for stopping it).</summary>
    public RunningScript Start(string script)
    {
        var pipeline = System.Management.Automation.PowerShell.Create(_runspace);
        pipeline.AddScript(script);
        var output = new PSDataCollection<PSObject>();
        var handle = pipeline.BeginInvoke<PSObject, PSObject>(null, output);
        return new RunningScript(pipeline, handle, output);
    }

    public void Dispose()
    {
        _runspace.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What a script wrote, stream by stream.</summary>
public sealed record PwshResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<VerboseRecord> Verbose,
    IReadOnlyList<DebugRecord> Debug,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<InformationRecord> Information,
    Exception? Terminating)
{
    public static PwshResult From(System.Management.Automation.PowerShell pipeline, IEnumerable<PSObject> output, Exception? terminating) => new(
        [.. output], [.. pipeline.Streams.Error], [.. pipeline.Streams.Warning], [.. pipeline.Streams.Verbose],
        [.. pipeline.Streams.Debug], [.. pipeline.Streams.Progress], [.. pipeline.Streams.Information], terminating);

    /// <summary>The record of the error that ended the script, when one did (a pipeline stop or an -ErrorAction Stop).</summary>
    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    /// <summary>
    /// What failed: the record of the error that ended the script, else the last error written. (A cmdlet's terminating error ends
    /// its statement, not the script: the script goes on and the error is in the error stream.)
    /// </summary>
    public ErrorRecord? Failure => TerminatingRecord ?? Errors.LastOrDefault();

    public PwshResult ThrowIfFailed()
    {
        if (Terminating is not null || Errors.Count > 0) throw new InvalidOperationException("the script failed:\n" + Describe());
        return this;
    }

    /// <summary>The single output object's property.</summary>
    public object? Single(string property) => Assert.Single(Output).Properties[property]?.Value;

    /// <summary>A property of each output object, as text.</summary>
    public IReadOnlyList<string?> Values(string property) => [.. Output.Select(o => o.Properties[property]?.Value?.ToString())];

    public string Describe() =>
        string.Join("\n", Errors.Select(e => $"error {e.FullyQualifiedErrorId}: {e}")
            .Concat(Terminating is null ? [] : [$"terminating {TerminatingRecord?.FullyQualifiedErrorId}: {Terminating}"])
            .Concat(Warnings.Select(w => $"warning: {w}")));
}

/// <summary>A script running in the background of a session.</summary>
public sealed class RunningScript(System.Management.Automation.PowerShell pipeline, IAsyncResult handle, PSDataCollection<PSObject> output) : IDisposable
{
    public System.Management.Automation.PowerShell Pipeline => pipeline;
    public PSDataCollection<PSObject> Output => output;
    public bool IsCompleted => handle.IsCompleted;

    /// <summary>Stops it as Ctrl+C would (PowerShell.Stop) and says how long the stop took.</summary>
    public TimeSpan Stop()
    {
        var clock = Stopwatch.StartNew();
        pipeline.Stop();
        return clock.Elapsed;
    }

    /// <summary>Waits for the script to end (within the limit) and collects its streams.</summary>
    public PwshResult Wait(TimeSpan limit)
    {
        if (!handle.AsyncWaitHandle.WaitOne(limit)) throw new TimeoutException($"the script did not end within {limit}");
        Exception? terminating = null;
        try
        {
            pipeline.EndInvoke(handle);
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return PwshResult.From(pipeline, output, terminating);
    }

    /// <summary>Polls until the condition holds, failing after the limit.</summary>
    public static void Until(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"{what} did not happen within {limit}");
            Thread.Sleep(50);
        }
    }

    public void Dispose() => pipeline.Dispose();
}
