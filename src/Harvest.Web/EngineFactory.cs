using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;

namespace Harvest.Web;

/// <summary>Opens engines over the server's settings and registry: a store connection is used by one thread at a time, so each request and each background harvest gets its own.</summary>
public sealed class EngineFactory(HarvestSettings settings, HarvesterRegistry registry, IHarvestOutput output)
{
    public HarvestSettings Settings { get; } = settings;
    public HarvesterRegistry Registry { get; } = registry;

    public HarvestEngine Open() => new(Settings, output, Registry);
}
