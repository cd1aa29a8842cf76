namespace Harvest.PowerShell.Tests;

/// <summary>
/// Start-HarvestServer's files: Harvest.Web ships in the module's dependencies folder and ASP.NET Core does not (it comes from
/// the shared framework). The server itself runs in pwsh in the Pester suite (tests/pester/Server.Tests.ps1).
/// </summary>
public sealed class WebServerLoadingTests
{
    [Fact]
    public void The_web_assembly_ships_in_the_dependencies_folder_without_ASP_NET_Core()
    {
        var module = PublishedModule.Instance;
        Assert.True(File.Exists(module.PathOf("dependencies/Harvest.Web.dll")));
        Assert.False(File.Exists(module.PathOf("Harvest.Web.dll")));
        Assert.True(File.Exists(module.PathOf("dependencies/System.Threading.RateLimiting.dll")), "RabbitMQ.Client's RateLimiting must ship: pwsh does not carry ASP.NET Core");
        Assert.Empty(Directory.GetFiles(module.Folder, "Microsoft.AspNetCore*.dll", SearchOption.AllDirectories));
    }
}
