using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Harvest.Engine.Settings;

/// <summary>
/// Resolves settings: defaults, then the settings file (an explicit path, else <c>HARVEST_CONFIG</c>,
/// else the user's config folder when the file exists), then <c>HARVEST_*</c> environment variables.
/// </summary>
public static class SettingsLoader
{
    public const string ConfigFileVariable = "HARVEST_CONFIG";

    public static HarvestSettings Load(string? settingsPath = null, IDictionary<string, string?>? environment = null)
    {
        environment ??= ReadEnvironment();
        var path = settingsPath;
        if (string.IsNullOrEmpty(path) && environment.TryGetValue(ConfigFileVariable, out var fromEnv) && !string.IsNullOrEmpty(fromEnv))
            path = fromEnv;

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? loadedFrom = null;
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
                throw new HarvestSettingsException($"settings file '{path}' does not exist");
            ReadFile(path, values);
            loadedFrom = path;
        }
        else if (File.Exists(DefaultPaths.SettingsFile()))
        {
            ReadFile(DefaultPaths.SettingsFile(), values);
            loadedFrom = DefaultPaths.SettingsFile();
        }

        foreach (var key in Keys.Keys)
        {
            var variable = "HARVEST_" + key.ToUpperInvariant();
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value))
                values[key] = value;
        }
        return Apply(new HarvestSettings { LoadedFrom = loadedFrom }, values, loadedFrom);
    }

    /// <summary>Setting keys (snake case, as in the settings file) and the properties they set.</summary>
    public static readonly IReadOnlyDictionary<string, PropertyInfo> Keys =
        typeof(HarvestSettings).GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(HarvestSettings.LoadedFrom))
            .ToDictionary(p => SnakeCase(p.Name), p => p, StringComparer.Ordinal);

    private static void ReadFile(string path, Dictionary<string, string> values)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new HarvestSettingsException($"settings file '{path}' is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new HarvestSettingsException($"settings file '{path}' must hold a JSON object");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var key = property.Name.StartsWith(CompatibleNames.Prefix + ".", StringComparison.Ordinal)
                    ? property.Name[(CompatibleNames.Prefix.Length + 1)..].Replace('.', '_')
                    : property.Name;
                if (!Keys.ContainsKey(key))
                    throw new HarvestSettingsException(
                        $"settings file '{path}': unknown key '{property.Name}' (known keys: {string.Join(", ", Keys.Keys)})");
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        // null means "not set": the default (or an environment variable) applies, not the text "null".
                        values.Remove(key);
                        break;
                    case JsonValueKind.Array when key == HarvesterAssembliesKey:
                        values[key] = string.Join(ListSeparator, property.Value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                            ? RelativeToFile(path, item.GetString()!)
                            : throw new HarvestSettingsException($"settings file '{path}': '{property.Name}' must be a list of paths (strings)")));
                        break;
                    case JsonValueKind.String when key == HarvesterAssembliesKey:
                        values[key] = RelativeToFile(path, property.Value.GetString()!);
                        break;
                    case JsonValueKind.Object or JsonValueKind.Array:
                        throw new HarvestSettingsException(
                            $"settings file '{path}': '{property.Name}' must be a string or a number, not {property.Value.ValueKind.ToString().ToLowerInvariant()}");
                    case JsonValueKind.String when key == DatabaseKey:
                        var database = property.Value.GetString()!;
                        values[key] = DatabaseSetting.Classify(database) == DatabaseKind.Sqlite ? RelativeToFile(path, database) : database;
                        break;
                    case JsonValueKind.String:
                        values[key] = property.Value.GetString()!;
                        break;
                    default:
                        values[key] = property.Value.GetRawText();
                        break;
                }
            }
        }
    }

    private const string DatabaseKey = "database";
    private const string HarvesterAssembliesKey = "harvester_assemblies";
    private const char ListSeparator = '\n';

    /// <summary>
    /// A relative SQLite path (or plug-in path) in a settings file means relative to that file, so cron and scheduled
    /// tasks started from any folder use the same store.
    /// </summary>
    private static string RelativeToFile(string settingsPath, string database) =>
        Path.IsPathRooted(database) || database == ":memory:"
            ? database
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settingsPath))!, database));

    private static HarvestSettings Apply(HarvestSettings settings, Dictionary<string, string> values, string? origin)
    {
        foreach (var (key, raw) in values)
        {
            var property = Keys[key];
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? value;
            if (type == typeof(string))
                value = raw;
            else if (type == typeof(IReadOnlyList<string>))
                // From a settings file: one path per line; from the environment: separated as in PATH.
                value = raw.Split([ListSeparator, Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(Path.GetFullPath).ToList();
            else if (type == typeof(int) && int.TryParse(raw, out var i))
                value = i;
            else if (type == typeof(long) && long.TryParse(raw, out var l))
                value = l;
            else if (type == typeof(bool) && ParseBool(raw) is { } b)
                value = b;
            else if (type == typeof(bool))
                throw new HarvestSettingsException(
                    $"setting '{key}' (environment HARVEST_{key.ToUpperInvariant()}{(origin is null ? "" : $" or {origin}")}) must be true or false, not '{raw}'");
            else
                throw new HarvestSettingsException(
                    $"setting '{key}' (environment HARVEST_{key.ToUpperInvariant()}{(origin is null ? "" : $" or {origin}")}) must be a whole number, not '{raw}'");
            property.SetValue(settings, value);
        }
        SettingsChecks.Check(settings);
        return settings;
    }

    private static bool? ParseBool(string raw) => raw.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            result[(string)entry.Key] = entry.Value as string;
        return result;
    }

    internal static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}

public sealed class HarvestSettingsException(string message) : HarvestException(message);
