using Harvest.Engine.Harvesters.Ckan;
using Harvest.Engine.Harvesters.DataJson;

namespace Harvest.Engine.Harvesters;

/// <summary>The harvester types a source may name. Integrators register their own.</summary>
public sealed class HarvesterRegistry
{
    private readonly Dictionary<string, IHarvester> _harvesters = new(StringComparer.OrdinalIgnoreCase);

    public static HarvesterRegistry CreateDefault()
    {
        var registry = new HarvesterRegistry();
        registry.Register(new DataJsonHarvester());
        registry.Register(new CkanHarvester());
        return registry;
    }

    public void Register(IHarvester harvester)
    {
        if (!_harvesters.TryAdd(harvester.Info.Name, harvester))
            throw new HarvestConflictException($"a harvester named '{harvester.Info.Name}' is already registered");
    }

    public IReadOnlyList<HarvesterInfo> List() => _harvesters.Values.Select(h => h.Info).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();

    public IHarvester Get(string type) =>
        _harvesters.TryGetValue(type, out var harvester)
            ? harvester
            : throw new UnknownSourceTypeException(type, _harvesters.Keys.Order(StringComparer.Ordinal).ToList());
}

public sealed class UnknownSourceTypeException(string type, IReadOnlyList<string> known)
    : HarvestException($"unknown source type '{type}' (known types: {string.Join(", ", known)})");
