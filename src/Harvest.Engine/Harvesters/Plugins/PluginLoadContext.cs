using System.Reflection;
using System.Runtime.Loader;

namespace Harvest.Engine.Harvesters.Plugins;

/// <summary>
/// The load context of one plug-in assembly: its own dependencies come from its folder (per its .deps.json when it has
/// one), so they never clash with the host's; Harvest's own assemblies (the contract in Harvest.Engine, the built-in
/// harvesters) are the host's, so that the plug-in's types implement the host's <see cref="IHarvester"/>.
/// </summary>
internal sealed class PluginLoadContext(string assemblyPath)
    : AssemblyLoadContext("Harvest.Plugin:" + Path.GetFileNameWithoutExtension(assemblyPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);
    private readonly string _folder = Path.GetDirectoryName(assemblyPath)!;
    private static readonly AssemblyLoadContext Host = GetLoadContext(typeof(IHarvester).Assembly) ?? Default;

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is { } simple && simple.StartsWith("Harvest.", StringComparison.Ordinal) && FromHost(name) is { } shared)
            return shared;
        var path = _resolver.ResolveAssemblyToPath(name);
        if (path is null && name.Name is not null)
        {
            var beside = Path.Combine(_folder, name.Name + ".dll");
            if (File.Exists(beside)) path = beside;
        }
        // Not the plug-in's own: the framework's, from the default context.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static Assembly? FromHost(AssemblyName name)
    {
        if (Host.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name) is { } loaded) return loaded;
        try
        {
            return Host.LoadFromAssemblyName(new AssemblyName(name.Name!));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
