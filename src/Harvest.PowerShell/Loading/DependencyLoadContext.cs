using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Harvest.PowerShell.Loading;

/// <summary>
/// Loads the module's dependencies (SQLite, and later Npgsql, StackExchange.Redis, RabbitMQ.Client) from its
/// <c>dependencies</c> folder into a load context of their own, so they never clash with versions pwsh or
/// another module has loaded. Harvest.Engine stays in the default context: its types are the cmdlets'
/// parameter and output types. Native libraries (e_sqlite3) are found under <c>runtimes/RID/native</c>.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public const string FolderName = "dependencies";

    private readonly string _folder;

    public DependencyLoadContext(string folder) : base("Harvest.Dependencies", isCollectible: false)
    {
        _folder = folder;
    }

    /// <summary>The dependency assembly file for a name, when the folder holds it.</summary>
    public string? PathFor(AssemblyName name)
    {
        if (name.Name is null) return null;
        var path = Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(path) ? path : null;
    }

    protected override Assembly? Load(AssemblyName name)
    {
        // Framework and pwsh assemblies come from the default context; only our own copies load here. A library the host itself
        // ships at this version or later (System.Threading.RateLimiting in an ASP.NET Core host) comes from the host too: the
        // engine, in the default context, sees the host's copy, and a dependency seeing another copy would not match it
        // (RabbitMQ.Client's CreateChannelOptions takes a RateLimiter: with two RateLimiter types the engine cannot call it).
        if (ProvidedByHost(name)) return null;
        var path = PathFor(name);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <summary>The host's own assemblies (the trusted platform assemblies), by simple name.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> HostAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase));

    private static bool ProvidedByHost(AssemblyName name)
    {
        if (name.Name is null || !HostAssemblies.Value.TryGetValue(name.Name, out var path)) return false;
        try
        {
            return name.Version is null || AssemblyName.GetAssemblyName(path).Version >= name.Version;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException)
        {
            return false;
        }
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = NativeLibraryPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    public string? NativeLibraryPath(string name)
    {
        foreach (var rid in RuntimeIdentifiers())
        foreach (var file in NativeFileNames(name))
        {
            var path = Path.Combine(_folder, "runtimes", rid, "native", file);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        if (Path.HasExtension(name) && (name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal)))
        {
            yield return name;
            yield break;
        }
        if (OperatingSystem.IsWindows()) yield return name + ".dll";
        else if (OperatingSystem.IsMacOS()) { yield return "lib" + name + ".dylib"; yield return name + ".dylib"; }
        else { yield return "lib" + name + ".so"; yield return name + ".so"; }
    }

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        yield return RuntimeInformation.RuntimeIdentifier;
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : IsMusl() ? "linux-musl" : "linux";
        yield return $"{os}-{arch}";
        if (os == "linux-musl") yield return $"linux-{arch}";
    }

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
}
