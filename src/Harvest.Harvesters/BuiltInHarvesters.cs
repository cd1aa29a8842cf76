using Harvest.Engine.Harvesters;
using Harvest.Engine.Settings;
using Harvest.Harvesters.Ckan;
using Harvest.Harvesters.Csw;
using Harvest.Harvesters.DataJson;
using Harvest.Harvesters.Dcat.Harvesting;
using Harvest.Harvesters.Waf;

namespace Harvest.Harvesters;

/// <summary>The harvester types that ship with Harvest. The CLI and the module register these, then the settings' plug-ins.</summary>
public static class BuiltInHarvesters
{
    /// <summary>A new instance of every built-in type.</summary>
    public static IReadOnlyList<IHarvester> Create() =>
        [new DataJsonHarvester(), new CkanHarvester(), new DcatHarvester(), new CswHarvester(), new WafHarvester()];

    /// <summary>The built-in types plus the plug-ins named by the settings' <c>harvester_assemblies</c>.</summary>
    public static HarvesterRegistry CreateRegistry(HarvestSettings settings) => HarvesterRegistry.Create(settings, Create());
}
