using System.Reflection;
using Harvest.HelpBuilder;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>Where the module's sources and built files are, and its cmdlets as read from metadata.</summary>
public static class ModuleFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration these tests were built in; the module is built and published in the same one.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>src/Harvest.PowerShell's build output (the tests only build it, they never load it themselves).</summary>
    public static string BuildFolder { get; } = Path.GetFullPath(Metadata("ModuleBuildFolder"));

    public static string CmdletAssembly => Path.Combine(BuildFolder, "Harvest.PowerShell.dll");

    public static string EngineAssembly => Path.Combine(BuildFolder, "Harvest.Engine.dll");

    /// <summary>System.Management.Automation as the tests' PowerShell SDK ships it, to read the cmdlets' attributes against.</summary>
    public static string AutomationReference => typeof(System.Management.Automation.PSObject).Assembly.Location;

    public static string Manifest => Path.Combine(RepositoryRoot, "Harvest.psd1");

    public static string FormatFile => Path.Combine(RepositoryRoot, "src", "Harvest.PowerShell", "Harvest.Format.ps1xml");

    public static string TypesFile => Path.Combine(RepositoryRoot, "src", "Harvest.PowerShell", "Harvest.Types.ps1xml");

    public static string HelpFolder => Path.Combine(RepositoryRoot, "docs", "help");

    public static string Samples => Path.Combine(RepositoryRoot, "samples");

    /// <summary>Pester 5.7.1's manifest, in the NuGet package the test project restores.</summary>
    public static string PesterModule { get; } = Metadata("PesterModule");

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> LazyCmdlets = new(() => CmdletMetadataReader.Read(CmdletAssembly, AutomationReference));

    public static IReadOnlyList<CmdletMetadata> Cmdlets => LazyCmdlets.Value;

    public static IEnumerable<object[]> CmdletNames() => Cmdlets.Select(c => new object[] { c.Name });

    public static CmdletMetadata Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    private static string Metadata(string key) =>
        typeof(ModuleFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"no assembly metadata {key}");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harvest.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (the folder holding Harvest.slnx)");
    }
}
