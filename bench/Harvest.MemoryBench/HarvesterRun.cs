using System.Diagnostics;
using System.Globalization;

namespace Harvest.MemoryBench;

/// <summary>
/// One `harvester` process: its output is kept, its peak RSS (VmHWM of /proc/PID/status) is sampled every 20 ms while
/// it runs, and its wall time measured. The peak of a huge record lasts seconds, far longer than a sample.
/// </summary>
public sealed record HarvesterRun(int ExitCode, double Seconds, long PeakRssBytes, string Output)
{
    public static async Task<HarvesterRun> StartAsync(string harvesterDll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(harvesterDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peakKb = 0L;
        var status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, ReadHwmKb(status));
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        return new HarvesterRun(process.ExitCode, seconds, peakKb * 1024, (await stdout) + (await stderr));
    }

    private static long ReadHwmKb(string path)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // the process ended between the check and the read
        }
        return 0;
    }
}
