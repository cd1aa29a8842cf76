using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Harvest.WebBench;

/// <summary>`harvester serve` in a process of its own, so that its memory is measured alone (VmRSS and VmHWM from /proc).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<ServerProcess> StartAsync(string harvester, string database)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [harvester, "serve", "--urls", url])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["HARVEST_DATABASE"] = database;
        start.Environment["HARVEST_CONFIG"] = "";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await http.GetStringAsync(url + "/api/3/action/status_show");
                return new ServerProcess(process, url);
            }
            catch (HttpRequestException)
            {
                if (process.HasExited) throw new InvalidOperationException($"harvester serve exited with {process.ExitCode}");
                await Task.Delay(100);
            }
        }
        process.Kill();
        throw new TimeoutException("harvester serve did not answer within 30 s");
    }

    public long Rss() => Status("VmRSS:");
    public long PeakRss() => Status("VmHWM:");

    private long Status(string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
