using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harvest.Engine.Sources;

/// <summary>
/// Keys of a source config whose values are secrets (credentials for the remote site): shown as
/// <see cref="Mask"/> wherever a source is printed, logged or returned to a person.
/// </summary>
public static class ConfigSecrets
{
    public const string Mask = "***";

    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "api_key" };

    /// <summary>The config JSON with every secret value replaced by <see cref="Mask"/>; text that is not a JSON object is returned as it is.</summary>
    public static string Redact(string configJson)
    {
        if (string.IsNullOrWhiteSpace(configJson) || !configJson.Contains("api_key", StringComparison.OrdinalIgnoreCase)) return configJson;
        try
        {
            if (JsonNode.Parse(configJson) is not JsonObject config) return configJson;
            foreach (var key in config.Select(p => p.Key).Where(Keys.Contains).ToList())
                config[key] = Mask;
            return config.ToJsonString();
        }
        catch (JsonException)
        {
            return Mask;
        }
    }
}
