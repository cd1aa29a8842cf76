using System.Runtime.Loader;

namespace Harvest.PowerShell.Tests;

/// <summary>Importing, removing and importing the module again; runspaces side by side; its dependencies kept to itself.</summary>
public sealed class ModuleLoadingTests
{
    private static readonly Lazy<string> OtherModule = new(() =>
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("harvest-other-module-").FullName, "OtherModule");
        var project = Path.Combine(ModuleFiles.RepositoryRoot, "tests", "OtherModule", "OtherModule.csproj");
        var result = Processes.Run("dotnet", ["publish", project, "-c", ModuleFiles.Configuration, "-o", folder, "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet publish of OtherModule failed:\n{result.Stdout}\n{result.Stderr}");
        return Path.Combine(folder, "OtherModule.psd1");
    });

    [Fact]
    public void The_dependencies_load_into_the_module_context_and_not_the_default_one()
    {
        using var session = new PwshSession();
        session.Run("Get-HarvestSource").ThrowIfFailed();

        var context = Assert.Single(AssemblyLoadContext.All, c => c.Name == "Harvest.Dependencies");
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "Microsoft.Data.Sqlite");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Microsoft.Data.Sqlite");
        Assert.Contains(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Harvest.Engine");
    }

    [Fact]
    public void Remove_Module_then_Import_Module_again_leaves_a_working_module()
    {
        using var session = new PwshSession();
        session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null").ThrowIfFailed();

        session.Run("Remove-Module Harvest").ThrowIfFailed();
        Assert.Empty(session.Run("Get-Module Harvest").Output);
        Assert.Empty(session.Run("Get-Command Invoke-Harvest -ErrorAction SilentlyContinue").Output);
        session.Run("Import-Module $module").ThrowIfFailed();

        var job = session.Run("Invoke-Harvest -Name parks").ThrowIfFailed();
        Assert.Equal("Finished", job.Single("Status")?.ToString());
        // The format file came back with the module: the job table has its columns.
        Assert.Contains("Added", session.Run("Get-HarvestJob | Format-Table | Out-String").ThrowIfFailed().Output.Single().ToString());
    }

    [Fact]
    public void Two_runspaces_harvest_at_once_each_in_its_own_store()
    {
        using var first = new PwshSession();
        using var second = new PwshSession();
        foreach (var (session, name) in new[] { (first, "parks-a"), (second, "parks-b") })
        {
            File.WriteAllText(Path.Combine(session.Folder, "catalog.data.json"), Catalogs.DataJson(name, 800));
            session.Run($"New-HarvestSource -Name {name} -Url ./catalog.data.json -Type datajson | Out-Null").ThrowIfFailed();
        }

        using var a = first.Start("Invoke-Harvest -Name parks-a");
        using var b = second.Start("Invoke-Harvest -Name parks-b");
        var resultA = a.Wait(TimeSpan.FromSeconds(60)).ThrowIfFailed();
        var resultB = b.Wait(TimeSpan.FromSeconds(60)).ThrowIfFailed();

        Assert.Equal("Finished", resultA.Single("Status")?.ToString());
        Assert.Equal("Finished", resultB.Single("Status")?.ToString());
        Assert.Equal(["parks-a"], first.Run("Get-HarvestSource | ForEach-Object Name").Output.Select(o => o.ToString()));
        Assert.Equal(800, (int)second.Run("@(Get-HarvestDataset -Source parks-b).Count").Output.Single().BaseObject);
    }

    [AmqpFact]
    public void In_a_host_that_ships_a_library_of_its_own_the_module_uses_the_hosts_copy_and_RabbitMQ_works()
    {
        // This test process is such a host: ASP.NET Core (for the in-test servers) brings System.Threading.RateLimiting, which
        // RabbitMQ.Client 7's API takes; with a second copy of it in the module's context the engine could not call RabbitMQ.
        using var session = new PwshSession();
        session.WriteSettings(Servers.AmqpSettings("host" + Guid.NewGuid().ToString("N")[..8]));

        var purged = session.Run("Clear-HarvestQueue -Confirm:$false -PassThru").ThrowIfFailed();

        Assert.Equal(0L, purged.Single("ItemsRemoved"));
        Assert.Contains(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "System.Threading.RateLimiting");
        Assert.DoesNotContain(AssemblyLoadContext.All.Single(c => c.Name == "Harvest.Dependencies").Assemblies,
            a => a.GetName().Name == "System.Threading.RateLimiting");
    }

    [AmqpFact]
    public void Another_module_built_against_older_RabbitMQ_and_Sqlite_works_beside_Harvest_whichever_loads_first()
    {
        var folder = Directory.CreateTempSubdirectory("harvest-order-").FullName;
        var settings = Path.Combine(folder, "settings.json");
        var amqp = Servers.AmqpSettings("order" + Guid.NewGuid().ToString("N")[..8]);
        amqp["database"] = Path.Combine(folder, "harvest.db");
        File.WriteAllText(settings, System.Text.Json.JsonSerializer.Serialize(amqp));
        const string useHarvest = "(Clear-HarvestQueue -Confirm:$false -PassThru -SettingsPath $env:ORDER_SETTINGS).ItemsRemoved; @(Get-HarvestSource -SettingsPath $env:ORDER_SETTINGS).Count";
        const string useOther = "$d = Get-OtherModuleDependency; \"other: RabbitMQ $($d.RabbitMQ) $($d.RabbitMQModel), Sqlite $($d.Sqlite)\"";
        var orders = new Dictionary<string, string>
        {
            ["Harvest first"] = $"Import-Module $env:HARVEST_MODULE; {useHarvest}; Import-Module $env:OTHER_MODULE; {useOther}",
            ["OtherModule first"] = $"Import-Module $env:OTHER_MODULE; {useOther}; Import-Module $env:HARVEST_MODULE; {useHarvest}; {useOther}",
        };
        foreach (var (order, script) in orders)
        {
            var result = Pwsh.Run(["-NoProfile", "-NonInteractive", "-Command", "$ErrorActionPreference = 'Stop'; " + script], TimeSpan.FromMinutes(2),
                new Dictionary<string, string?>
                {
                    ["HARVEST_MODULE"] = PublishedModule.Instance.Manifest, ["OTHER_MODULE"] = OtherModule.Value, ["ORDER_SETTINGS"] = settings,
                });

            Assert.True(result.ExitCode == 0, $"{order}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
            Assert.Contains("other: RabbitMQ 6.0.0.0 RabbitMQ.Client.IModel, Sqlite 8.0.30.0", result.Stdout);
            Assert.DoesNotContain("7.0.0.0", result.Stdout);
        }
    }
}
