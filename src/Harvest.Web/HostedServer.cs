using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;

namespace Harvest.Web;

/// <summary>
/// The server for hosts that load this assembly in a load context of their own (the PowerShell module): one method whose
/// signature names only engine and base types, so that it can be called through a delegate across contexts.
/// </summary>
public static class HostedServer
{
    /// <summary>Serves until <paramref name="stop"/> is cancelled; <paramref name="started"/> gets the addresses once it listens.</summary>
    public static async Task RunAsync(HarvestSettings settings, HarvesterRegistry registry, IHarvestOutput output, string[] urls,
        Action<IReadOnlyList<string>> started, CancellationToken stop)
    {
        await using var server = HarvestServer.Create(new ServerOptions { Settings = settings, Registry = registry, Output = output, Urls = urls });
        await server.StartAsync(stop);
        started(server.Urls);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await server.StopAsync();
    }
}
