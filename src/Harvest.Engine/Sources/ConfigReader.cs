using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;

namespace Harvest.Engine.Sources;

/// <summary>
/// Reads and normalises the keys of a source config, collecting one message per bad key
/// instead of stopping at the first.
/// </summary>
public sealed class ConfigReader(JsonObject config, IReadOnlyList<ConfigKeyInfo> known)
{
    private readonly List<string> _errors = [];
    private readonly JsonObject _normalised = new();

    public static JsonObject Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new JsonObject();
        JsonNode? node;
        try
        {
            // A key given twice is refused rather than one of its values silently winning (or a failure deep in a lookup).
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InvalidSourceConfigException([$"the config is not valid JSON: {e.Message}"]);
        }
        return node as JsonObject ?? throw new InvalidSourceConfigException(["the config must be a JSON object"]);
    }

    public ConfigValidation Finish()
    {
        foreach (var (key, _) in config)
            if (!known.Any(k => k.Key == key))
                _errors.Add($"unknown key '{key}' (known keys: {string.Join(", ", known.Select(k => k.Key))})");
        return _errors.Count == 0 ? ConfigValidation.Valid(_normalised) : ConfigValidation.Invalid(_errors);
    }

    public void StringList(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonArray array && array.All(i => i is JsonValue v && v.TryGetValue<string>(out _)))
        {
            _normalised[key] = new JsonArray(array.Select(i => (JsonNode)JsonValue.Create(i!.GetValue<string>().Trim())).ToArray());
            return;
        }
        _errors.Add(node is JsonValue value && value.TryGetValue<string>(out _)
            ? $"'{key}' must be a list of strings, not a single string (write [\"...\"])"
            : $"'{key}' must be a list of strings");
    }

    public void StringMap(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonObject map && map.All(p => p.Value is JsonValue))
        {
            var copy = new JsonObject();
            foreach (var (name, value) in map) copy[name] = value!.ToString();
            _normalised[key] = copy;
            return;
        }
        _errors.Add($"'{key}' must be an object of string values");
    }

    public void Boolean(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            _normalised[key] = flag;
            return;
        }
        _errors.Add($"'{key}' must be true or false");
    }

    public void String(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            _normalised[key] = text.Trim();
            return;
        }
        _errors.Add($"'{key}' must be a string");
    }

    public void Integer(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonValue value && (value.TryGetValue<long>(out var number)
            || value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)))
        {
            _normalised[key] = number;
            return;
        }
        _errors.Add($"'{key}' must be a whole number");
    }

    public void Number(string key)
    {
        if (!config.TryGetPropertyValue(key, out var node) || node is null) return;
        if (node is JsonValue value && (value.TryGetValue<double>(out var number)
            || value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            && double.IsFinite(number))
        {
            _normalised[key] = number;
            return;
        }
        _errors.Add($"'{key}' must be a number");
    }

    /// <summary>Keeps the key's value as it is, whatever JSON it holds.</summary>
    public void Any(string key)
    {
        if (config.TryGetPropertyValue(key, out var node) && node is not null) _normalised[key] = node.DeepClone();
    }
}
