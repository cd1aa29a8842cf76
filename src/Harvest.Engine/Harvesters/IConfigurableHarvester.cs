using System.Text.Json.Nodes;
using Harvest.Engine.Sources;

namespace Harvest.Engine.Harvesters;

/// <summary>
/// A harvester that checks its source config itself. Without it, the keys of <see cref="HarvesterInfo.ConfigKeys"/>
/// are checked by their declared type and any other key is refused.
/// </summary>
public interface IConfigurableHarvester : IHarvester
{
    /// <summary>Checks a source config; returns it normalised, or one message per bad key.</summary>
    ConfigValidation ValidateConfig(JsonObject config);
}
