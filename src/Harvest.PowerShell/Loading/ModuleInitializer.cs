using System.Management.Automation;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Harvest.PowerShell.Loading;

/// <summary>
/// Runs at Import-Module: sends the default context's failed look-ups for Harvest's own dependencies to
/// <see cref="DependencyLoadContext"/>, and stops doing so when the last runspace that imported the module removes it.
/// Only the exact names and versions that the module's own assemblies (the cmdlets, the engine) reference are resolved:
/// another module that asks for another version of the same library (RabbitMQ.Client 6 beside Harvest's 7) is left to
/// find its own, as if Harvest were not loaded. The dependencies' references among themselves never reach the default context:
/// the dependency context loads them.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static readonly DependencyLoadContext Dependencies = new(Path.Combine(ModuleFolder, DependencyLoadContext.FolderName));
    private static readonly Lazy<IReadOnlySet<string>> OwnReferences = new(ReadOwnReferences);
    private static readonly object Gate = new();
    private static int _imports;

    public void OnImport()
    {
        lock (Gate)
            if (_imports++ == 0) AssemblyLoadContext.Default.Resolving += Resolve;
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
            if (_imports > 0 && --_imports == 0) AssemblyLoadContext.Default.Resolving -= Resolve;
    }

    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        Dependencies.PathFor(name) is not null && OwnReferences.Value.Contains(Key(name.Name, name.Version))
            ? Dependencies.LoadFromAssemblyName(name)
            : null;

    /// <summary>The name and version of every assembly that the module's own assemblies (those beside it, not its dependencies) reference.</summary>
    private static IReadOnlySet<string> ReadOwnReferences()
    {
        var references = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(ModuleFolder, "*.dll"))
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) continue;
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                references.Add(Key(metadata.GetString(reference.Name), reference.Version));
            }
        }
        return references;
    }

    private static string Key(string? name, Version? version) => $"{name}/{version}";
}
