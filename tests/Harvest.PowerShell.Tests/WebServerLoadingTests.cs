using System.Text.Json;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Harvesters;
using Harvest.PowerShell.Loading;

namespace Harvest.PowerShell.Tests;

/// <summary>Start-HarvestServer's loading: Harvest.Web from the published module's dependencies, ASP.NET Core from the shared framework.</summary>
[Collection(PublishedModuleCollection.Name)]
public sealed class WebServerLoadingTests(PublishedModule module)
{
    [Fact]
    public void The_web_assembly_ships_in_the_dependencies_folder_without_ASP_NET_Core()
    {
        Assert.True(File.Exists(module.PathOf("dependencies/Harvest.Web.dll")));
        Assert.False(File.Exists(module.PathOf("Harvest.Web.dll")));
        Assert.Empty(Directory.GetFiles(module.Folder, "Microsoft.AspNetCore*.dll", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_ASP_NET_Core_shared_framework_of_this_runtime_is_found() =>
        Assert.True(File.Exists(Path.Combine(WebLoadContext.FindAspNetCore()!, "Microsoft.AspNetCore.Server.Kestrel.Core.dll")));

    [Fact]
    public async Task The_server_loaded_from_the_module_serves_and_stops()
    {
        var folder = Directory.CreateTempSubdirectory("harvest-module-web-").FullName;
        try
        {
            var settings = new HarvestSettings { Database = Path.Combine(folder, "harvest.db") };
            var run = WebLoadContext.Load(module.PathOf("dependencies"));
            Assert.NotEqual(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(run.Method.Module.Assembly));
            using var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var serving = run(settings, BuiltInHarvesters.CreateRegistry(settings), SilentOutput.Instance, ["http://127.0.0.1:0"],
                urls => started.TrySetResult(urls), stop.Token);
            var urls = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            using var http = new HttpClient();
            using var status = JsonDocument.Parse(await http.GetStringAsync(urls[0].TrimEnd('/') + "/api/3/action/status_show"));
            Assert.True(status.RootElement.GetProperty("success").GetBoolean());
            await stop.CancelAsync();
            await serving.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
