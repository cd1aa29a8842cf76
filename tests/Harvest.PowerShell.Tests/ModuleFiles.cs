using Harvest.HelpBuilder;

namespace Harvest.PowerShell.Tests;

/// <summary>Where the module's sources and built files are, and its cmdlets as read from metadata.</summary>
public static class ModuleFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string CmdletAssembly => Path.Combine(AppContext.BaseDirectory, "Harvest.PowerShell.dll");

    public static string AutomationReference => Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll");

    public static string Manifest => Path.Combine(RepositoryRoot, "Harvest.psd1");

    public static string FormatFile => Path.Combine(RepositoryRoot, "src", "Harvest.PowerShell", "Harvest.Format.ps1xml");

    public static string HelpFolder => Path.Combine(RepositoryRoot, "docs", "help");

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> LazyCmdlets = new(() => CmdletMetadataReader.Read(CmdletAssembly, AutomationReference));

    public static IReadOnlyList<CmdletMetadata> Cmdlets => LazyCmdlets.Value;

    public static IEnumerable<object[]> CmdletNames() => Cmdlets.Select(c => new object[] { c.Name });

    public static CmdletMetadata Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harvest.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (the folder holding Harvest.slnx)");
    }
}
