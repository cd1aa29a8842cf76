using System.Diagnostics;

namespace Harvest.Bench;

/// <summary>
/// A `harvester` process (run-test or a consumer) started with its own environment; its output goes to a log
/// file, and its peak RSS (VmHWM of /proc/PID/status) is sampled every 50 ms until it exits.
/// </summary>
public sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly Task _sampler;
    private readonly CancellationTokenSource _stop = new();
    private long _peakKb;

    /// <param name="program">What dotnet runs: the harvester.dll, or a tool of the manifest (pwsh).</param>
    public Child(string role, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string logPath)
    {
        Role = role;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(program);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        info.Environment["DOTNET_gcServer"] = "0";
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = false };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine("ERR " + e.Data); };
        _process.Exited += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _log = log;
        _sampler = Task.Run(SampleAsync);
    }

    private readonly StreamWriter _log;

    public string Role { get; }
    public int Pid => _process.Id;
    public long PeakRssBytes => Interlocked.Read(ref _peakKb) * 1024;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// The largest VmHWM of the process and its descendants: `dotnet pwsh` runs pwsh in a child of the dotnet host.
    /// </summary>
    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var pid in WithDescendants(_process.Id))
            {
                try
                {
                    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                    {
                        if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                        var kb = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                        if (kb > Interlocked.Read(ref _peakKb)) Interlocked.Exchange(ref _peakKb, kb);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    if (_process.HasExited) return;
                }
            }
            try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { return; }
        }
    }

    private static List<int> WithDescendants(int root)
    {
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{found[i]}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        found.Add(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM (the consumer finishes the item in hand and exits), then SIGKILL after a grace period.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            try { await WaitAsync(TimeSpan.FromSeconds(15)); }
            catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _sampler.Wait(1000); } catch (AggregateException) { }
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(); }
        _process.WaitForExit(); // drains the output handlers
        lock (_log) { }
        _log.Dispose();
        _process.Dispose();
    }
}
