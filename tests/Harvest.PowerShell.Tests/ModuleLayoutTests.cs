using System.Xml.Linq;

namespace Harvest.PowerShell.Tests;

/// <summary>The published module: every file the manifest names, dependencies isolated, help present, nothing from pwsh shipped.</summary>
public sealed class ModuleLayoutTests
{
    private readonly PublishedModule module = PublishedModule.Instance;

    [Fact]
    public void Every_file_the_manifest_names_is_there()
    {
        var manifest = File.ReadAllText(module.PathOf("Harvest.psd1"));
        var named = new List<string> { ManifestReader.Scalar(manifest, "RootModule")! };
        foreach (var key in new[] { "FormatsToProcess", "TypesToProcess", "NestedModules", "RequiredAssemblies", "FileList" })
            named.AddRange(ManifestReader.List(manifest, key) ?? []);
        Assert.NotEmpty(named);
        Assert.All(named, file => Assert.True(File.Exists(module.PathOf(file)), $"the manifest names {file}, which is not in the module"));
    }

    [Fact]
    public void The_manifest_is_the_repository_manifest() =>
        Assert.Equal(File.ReadAllText(ModuleFiles.Manifest), File.ReadAllText(module.PathOf("Harvest.psd1")));

    [Fact]
    public void Engine_types_load_with_the_cmdlets_and_dependencies_stay_in_their_folder()
    {
        Assert.True(File.Exists(module.PathOf("Harvest.PowerShell.dll")));
        Assert.True(File.Exists(module.PathOf("Harvest.Engine.dll")), "engine types are the cmdlets' output types: they load beside the cmdlets");
        Assert.True(File.Exists(module.PathOf("dependencies/Microsoft.Data.Sqlite.dll")));
        Assert.True(File.Exists(module.PathOf("dependencies/SQLitePCLRaw.core.dll")));
        Assert.True(File.Exists(module.PathOf("dependencies/Npgsql.dll")));
        Assert.False(File.Exists(module.PathOf("Npgsql.dll")));
        Assert.False(File.Exists(module.PathOf("Microsoft.Data.Sqlite.dll")), "dependencies must not sit where pwsh would load them into its own context");
        Assert.Empty(Directory.GetFiles(module.Folder, "System.Management.Automation.dll", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(module.PathOf("runtimes")));
    }

    [Fact]
    public void The_native_sqlite_library_is_there_for_this_platform() =>
        Assert.NotEmpty(Directory.GetFiles(module.PathOf("dependencies/runtimes"), "libe_sqlite3.so", SearchOption.AllDirectories));

    [Fact]
    public void External_help_documents_every_cmdlet_with_an_example()
    {
        var help = XDocument.Load(module.PathOf("en-US/Harvest.PowerShell.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var documented = help.Descendants(command + "command").ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value);
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            Assert.True(documented.TryGetValue(cmdlet.Name, out var entry), $"{cmdlet.Name} has no external help");
            Assert.NotEmpty(entry!.Element(command + "examples")!.Elements(command + "example"));
            var parameters = entry.Element(command + "parameters")!.Elements(command + "parameter")
                .ToDictionary(p => p.Element(maml + "name")!.Value, p => p.Element(maml + "description")?.Value ?? "");
            Assert.All(cmdlet.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(parameters.GetValueOrDefault(p.Name)), $"{cmdlet.Name} -{p.Name} is not described"));
        }
    }

    [Fact]
    public void The_format_file_is_shipped() =>
        Assert.Equal(File.ReadAllText(ModuleFiles.FormatFile), File.ReadAllText(module.PathOf("Harvest.Format.ps1xml")));
}
