using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Harvest.PowerShell.Loading;

/// <summary>
/// Runs at Import-Module: sends the default context's failed look-ups for our dependencies to
/// <see cref="DependencyLoadContext"/>, and stops doing so at Remove-Module.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly DependencyLoadContext Dependencies = new(
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, DependencyLoadContext.FolderName));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += Resolve;

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= Resolve;

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        Dependencies.PathFor(name) is null ? null : Dependencies.LoadFromAssemblyName(name);
}
