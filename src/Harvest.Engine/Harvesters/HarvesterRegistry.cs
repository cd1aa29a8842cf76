using Harvest.Engine.Harvesters.Plugins;
using Harvest.Engine.Settings;

namespace Harvest.Engine.Harvesters;

/// <summary>
/// The harvester types sources may name. Hosts register the types they ship with (<see cref="Register"/>) and the
/// plug-ins the settings name (<see cref="HarvestSettings.HarvesterAssemblies"/>); the engine itself knows none.
/// </summary>
public sealed class HarvesterRegistry
{
    private readonly Dictionary<string, (IHarvester Harvester, string? Assembly)> _harvesters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry of the given types plus the plug-ins <paramref name="settings"/> name.</summary>
    /// <exception cref="HarvestSettingsException">A plug-in path does not exist, cannot be loaded or holds no harvester type.</exception>
    public static HarvesterRegistry Create(HarvestSettings settings, params IEnumerable<IHarvester> types)
    {
        var registry = new HarvesterRegistry();
        foreach (var harvester in types) registry.Register(harvester);
        registry.LoadPlugins(settings.HarvesterAssemblies);
        return registry;
    }

    public void Register(IHarvester harvester) => Add(harvester, null);

    /// <summary>Loads the harvester types of each assembly file or folder and registers them.</summary>
    public void LoadPlugins(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        foreach (var (harvester, assembly) in HarvesterPlugins.Load(path))
            Add(harvester, assembly);
    }

    private void Add(IHarvester harvester, string? assembly)
    {
        ArgumentNullException.ThrowIfNull(harvester);
        var name = harvester.Info?.Name;
        if (string.IsNullOrWhiteSpace(name))
            throw new HarvestException($"the harvester {harvester.GetType().FullName}{From(assembly)} has no type name (Info.Name)");
        if (_harvesters.TryGetValue(name, out var existing))
            throw new HarvestConflictException(
                $"a harvester named '{name}' is already registered ({existing.Harvester.GetType().FullName}{From(existing.Assembly)}); " +
                $"{harvester.GetType().FullName}{From(assembly)} cannot take the same name");
        _harvesters.Add(name, (harvester, assembly));
    }

    private static string From(string? assembly) => assembly is null ? "" : $" from {assembly}";

    /// <summary>
    /// Every registered type, by name, with the config keys it accepts (its own, then those every type accepts); plug-ins
    /// carry the file they came from.
    /// </summary>
    public IReadOnlyList<HarvesterInfo> List() =>
        _harvesters.Values.Select(h => h.Harvester.Info with
            {
                Assembly = h.Assembly,
                ConfigKeys = [.. h.Harvester.Info.ConfigKeys, .. Sources.SourceConfig.CommonKeys],
            })
            .OrderBy(i => i.Name, StringComparer.Ordinal).ToList();

    public bool Contains(string type) => _harvesters.ContainsKey(type);

    /// <summary>The harvester of that type, or null when none is registered.</summary>
    public IHarvester? Find(string type) => _harvesters.TryGetValue(type, out var entry) ? entry.Harvester : null;

    /// <exception cref="UnknownSourceTypeException">No harvester of that type is registered.</exception>
    public IHarvester Get(string type) =>
        _harvesters.TryGetValue(type, out var entry)
            ? entry.Harvester
            : throw new UnknownSourceTypeException(type, _harvesters.Keys.Order(StringComparer.Ordinal).ToList());
}

/// <summary>A source names a harvester type that is not registered (not built in, and no plug-in provides it).</summary>
public sealed class UnknownSourceTypeException(string type, IReadOnlyList<string> known)
    : HarvestException($"unknown source type '{type}' (known types: {(known.Count == 0 ? "none" : string.Join(", ", known))}; " +
        "a plug-in type needs its assembly in the harvester_assemblies setting)")
{
    public string Type { get; } = type;
}
