using System.Runtime.Loader;
using System.Text.Json;
using Harvest.PowerShell.Tests.Support;

namespace Harvest.PowerShell.Tests;

/// <summary>
/// Start-HarvestServer in a host that runs ASP.NET Core itself, as this test process does (its in-test catalogs are
/// served by Kestrel): the module's Harvest.Web, with the ASP.NET Core of its own load context, serves beside the host's
/// server and stops as Ctrl+C would stop it.
/// </summary>
public sealed class HostedWebServerTests
{
    [Fact]
    public async Task Start_HarvestServer_serves_and_stops_in_a_host_that_runs_ASP_NET_Core_itself()
    {
        await using var catalog = await Catalogs.ServeAsync(Catalogs.DataJson("hosted", 4));
        Assert.Contains(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Microsoft.AspNetCore.Server.Kestrel.Core");
        using var session = new PwshSession();
        session.SetVariable("catalogUrl", catalog.BaseUrl + "/data.json");
        session.Run("New-HarvestSource -Name hosted -Url $catalogUrl -Type datajson | Invoke-Harvest | Out-Null").ThrowIfFailed();

        using var server = session.Start("Start-HarvestServer -Url 'http://127.0.0.1:0'");
        RunningScript.Until(() => server.Output.Count > 0 || server.IsCompleted, TimeSpan.FromSeconds(60), "Start-HarvestServer's address");
        Assert.False(server.IsCompleted, server.IsCompleted ? server.Wait(TimeSpan.FromSeconds(5)).Describe() : "");
        // HarvestServerInfo.Url: the addresses bound (a list, read without the module's type, which lives in its own context).
        var url = ((System.Collections.IEnumerable)server.Output[0].Properties["Url"].Value).Cast<object>().First().ToString()!;
        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };

        using (var status = JsonDocument.Parse(await http.GetStringAsync("api/3/action/status_show")))
            Assert.True(status.RootElement.GetProperty("success").GetBoolean());
        using (var dataJson = JsonDocument.Parse(await http.GetStringAsync("data.json")))
            Assert.Equal(4, dataJson.RootElement.GetProperty("dataset").GetArrayLength());

        Assert.True(server.Stop() < TimeSpan.FromSeconds(30));
        server.Wait(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync("api/3/action/status_show"));
        // The server's ASP.NET Core is its own context's copy, apart from the host's in the default context (no type of
        // either passes to the other), and the host's Kestrel serves on.
        var web = AssemblyLoadContext.All.Single(c => c.Name == "Harvest.Web");
        Assert.Contains(web.Assemblies, a => a.GetName().Name == "Harvest.Web");
        Assert.Contains(web.Assemblies, a => a.GetName().Name == "Microsoft.AspNetCore.Server.Kestrel.Core");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Harvest.Web");
        using var client = new HttpClient();
        Assert.Contains("hosted-1", await client.GetStringAsync(catalog.BaseUrl + "/data.json"));
    }
}
