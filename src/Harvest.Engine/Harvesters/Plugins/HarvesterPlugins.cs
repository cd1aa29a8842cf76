using System.Collections.Concurrent;
using System.Reflection;
using Harvest.Engine.Settings;

namespace Harvest.Engine.Harvesters.Plugins;

/// <summary>
/// Finds harvester types in plug-in assemblies: public, non-abstract classes implementing <see cref="IHarvester"/> with
/// a public parameterless constructor. Each assembly file loads once per process, into a load context of its own
/// (<see cref="PluginLoadContext"/>); every registry gets new instances of its types.
/// </summary>
internal static class HarvesterPlugins
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<Type>>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The harvesters of an assembly file, or of every assembly in a folder, with the file each came from.</summary>
    public static IEnumerable<(IHarvester Harvester, string Assembly)> Load(string path)
    {
        var full = Path.GetFullPath(path);
        List<(Type Type, string Assembly)> types;
        if (Directory.Exists(full))
        {
            // A plug-in built without excluding its reference to Harvest.Engine has a copy beside it: the host's is used.
            types = Directory.EnumerateFiles(full, "*.dll").Where(f => Path.GetFileName(f) != "Harvest.Engine.dll").Order(StringComparer.Ordinal)
                .SelectMany(file => TypesIn(file, isFolderMember: true).Select(t => (t, file))).ToList();
            if (types.Count == 0)
                throw new HarvestSettingsException($"harvester_assemblies: the folder '{full}' holds no assembly with a harvester type " +
                    "(a public class implementing Harvest.Engine.Harvesters.IHarvester with a public parameterless constructor)");
        }
        else if (File.Exists(full))
        {
            types = TypesIn(full, isFolderMember: false).Select(t => (t, full)).ToList();
            if (types.Count == 0)
                throw new HarvestSettingsException($"harvester_assemblies: '{full}' holds no harvester type " +
                    "(a public class implementing Harvest.Engine.Harvesters.IHarvester with a public parameterless constructor)");
        }
        else
            throw new HarvestSettingsException($"harvester_assemblies: '{full}' does not exist");

        foreach (var (type, assembly) in types)
        {
            IHarvester harvester;
            try
            {
                harvester = (IHarvester)Activator.CreateInstance(type)!;
            }
            catch (TargetInvocationException e)
            {
                throw new HarvestSettingsException($"harvester_assemblies: creating {type.FullName} from '{assembly}' failed: {e.InnerException?.Message ?? e.Message}");
            }
            yield return (harvester, assembly);
        }
    }

    private static IReadOnlyList<Type> TypesIn(string file, bool isFolderMember) =>
        Loaded.GetOrAdd(file, f => new Lazy<IReadOnlyList<Type>>(() => Discover(f, isFolderMember))).Value;

    private static IReadOnlyList<Type> Discover(string file, bool isFolderMember)
    {
        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(file).LoadFromAssemblyPath(file);
        }
        catch (BadImageFormatException) when (isFolderMember)
        {
            return []; // a native library beside the plug-in
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new HarvestSettingsException($"harvester_assemblies: '{file}' cannot be loaded: {e.Message}");
        }
        Type?[] exported;
        try
        {
            exported = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            exported = e.Types;
        }
        catch (FileNotFoundException e) when (!isFolderMember)
        {
            throw new HarvestSettingsException($"harvester_assemblies: '{file}' needs an assembly that is missing: {e.Message}");
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        return exported.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHarvester).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => t!).ToList();
    }
}
