using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;

namespace Harvest.PowerShell;

/// <summary>
/// Sources are written with their secrets masked (api_key shows as the mask). A config given back with a masked value, as
/// <c>Set-HarvestSource -Config $source.Config</c> does after changing another key, keeps the stored secret rather than storing the mask.
/// </summary>
internal static class SourceSecrets
{
    public static string KeepMasked(string config, HarvestSource stored)
    {
        JsonObject given, storedConfig, redacted;
        try
        {
            if (JsonNode.Parse(config) is not JsonObject g || JsonNode.Parse(stored.Config) is not JsonObject s
                || JsonNode.Parse(stored.RedactedConfig) is not JsonObject r)
                return config;
            (given, storedConfig, redacted) = (g, s, r);
        }
        catch (JsonException)
        {
            return config; // the engine says what is wrong with it
        }
        var changed = false;
        foreach (var (key, value) in given.ToList())
        {
            // A value equal to the stored config's masked value, where the stored value itself differs, is the mask given back.
            if (value is not JsonValue || !redacted.TryGetPropertyValue(key, out var masked) || masked is null) continue;
            if (!JsonNode.DeepEquals(value, masked) || !storedConfig.TryGetPropertyValue(key, out var secret) || JsonNode.DeepEquals(secret, masked)) continue;
            given[key] = secret?.DeepClone();
            changed = true;
        }
        return changed ? given.ToJsonString() : config;
    }
}
