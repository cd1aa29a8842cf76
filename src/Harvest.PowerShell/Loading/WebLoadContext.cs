using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;

namespace Harvest.PowerShell.Loading;

/// <summary>
/// Loads Harvest.Web with ASP.NET Core for Start-HarvestServer. pwsh runs on the .NET runtime alone, so ASP.NET Core
/// comes from the Microsoft.AspNetCore.App shared framework installed beside a .NET runtime of the same major version;
/// both load into this context, and engine types pass between it and the cmdlets through the default context.
/// </summary>
internal sealed class WebLoadContext : AssemblyLoadContext
{
    public const string WebAssembly = "Harvest.Web";

    private readonly string _modulePath;
    private readonly string _aspNetCore;

    private WebLoadContext(string modulePath, string aspNetCore) : base("Harvest.Web", isCollectible: false)
    {
        _modulePath = modulePath;
        _aspNetCore = aspNetCore;
    }

    /// <summary>The server's entry point (<c>Harvest.Web.HostedServer.RunAsync</c>), loaded from the module's <c>dependencies</c> folder.</summary>
    public delegate Task ServerEntry(HarvestSettings settings, HarvesterRegistry registry, IHarvestOutput output, string[] urls,
        Action<IReadOnlyList<string>> started, CancellationToken stop);

    private static readonly Lock Gate = new();
    private static WebLoadContext? _shared;

    public static ServerEntry Load(string dependencies)
    {
        lock (Gate)
        {
            var web = Path.Combine(dependencies, WebAssembly + ".dll");
            if (!File.Exists(web)) throw new HarvestException($"{web} is missing: publish the module again");
            _shared ??= new WebLoadContext(web, FindAspNetCore()
                ?? throw new HarvestException(
                    $"Start-HarvestServer needs the ASP.NET Core runtime {Environment.Version.Major} (Microsoft.AspNetCore.App), which was not found " +
                    "beside this .NET runtime, under DOTNET_ROOT or in the usual dotnet folders; install it, or run `harvester serve` instead"));
            var assembly = _shared.LoadFromAssemblyPath(web);
            var method = assembly.GetType("Harvest.Web.HostedServer", throwOnError: true)!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            return method.CreateDelegate<ServerEntry>();
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null) return null;
        if (name.Name == WebAssembly) return LoadFromAssemblyPath(_modulePath);
        var framework = Path.Combine(_aspNetCore, name.Name + ".dll");
        return File.Exists(framework) ? LoadFromAssemblyPath(framework) : null;
    }

    /// <summary>The newest Microsoft.AspNetCore.App folder of this runtime's major version, preferring this runtime's own version.</summary>
    internal static string? FindAspNetCore()
    {
        var roots = new List<string>();
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        roots.Add(Path.GetFullPath(Path.Combine(runtime, "..", "..")));
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot) roots.Add(Path.Combine(dotnetRoot, "shared"));
        if (OperatingSystem.IsWindows())
            roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", "shared"));
        else
            roots.AddRange(["/usr/share/dotnet/shared", "/usr/lib/dotnet/shared", "/usr/local/share/dotnet/shared", "/opt/dotnet/shared",
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "shared")]);
        var wanted = Environment.Version;
        return roots.Distinct(StringComparer.Ordinal)
            .Select(root => Path.Combine(root, "Microsoft.AspNetCore.App"))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .Select(folder => (Folder: folder, Version: Version.TryParse(Path.GetFileName(folder).Split('-')[0], out var v) ? v : null))
            .Where(f => f.Version is { } v && v.Major == wanted.Major && File.Exists(Path.Combine(f.Folder, "Microsoft.AspNetCore.dll")))
            .OrderByDescending(f => f.Version == new Version(wanted.Major, wanted.Minor, wanted.Build))
            .ThenByDescending(f => f.Version)
            .Select(f => f.Folder)
            .FirstOrDefault();
    }
}
