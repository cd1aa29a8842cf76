using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;

namespace Harvest.Web;

/// <summary>What <see cref="HarvestServer"/> needs: the settings every host uses, where to listen, and where to say what it does.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public required HarvestSettings Settings { get; init; }
    /// <summary>Addresses to listen on (Kestrel's URL forms, e.g. <c>http://127.0.0.1:5000</c>, <c>http://0.0.0.0:8080</c>); port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];
    /// <summary>The harvester types; the built-in ones and the settings' plug-ins when null.</summary>
    public HarvesterRegistry? Registry { get; init; }
    public IHarvestOutput Output { get; init; } = SilentOutput.Instance;
    /// <summary>How often a job page refreshes itself while the job runs.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);
}
