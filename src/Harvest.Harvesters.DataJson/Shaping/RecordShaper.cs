using System.Text.Json.Nodes;

namespace Harvest.Harvesters.DataJson.Shaping;

public enum ShapingAction { Kept, Filtered, Excluded }

/// <summary>What shaping did to one record: kept (perhaps changed), filtered out or excluded, and why.</summary>
public sealed record ShapingOutcome(ShapingAction Action, string? Reason, bool Changed)
{
    public static readonly ShapingOutcome Unchanged = new(ShapingAction.Kept, null, false);
}

/// <summary>
/// DKAN Harvest's source shaping of data.json records, applied in this order: <c>filters</c> (keep a record when
/// any filter path holds one of its values; a record without the path is dropped), <c>excludes</c> (drop a record
/// when any exclude path holds one of its values), <c>overrides</c> (set the path), <c>defaults</c> (set the path
/// when it is missing, null, "", [] or {}). Values compare exactly after trimming; an array matches when any
/// element does.
/// </summary>
public sealed class RecordShaper
{
    public const string FiltersKey = "filters", ExcludesKey = "excludes", OverridesKey = "overrides", DefaultsKey = "defaults";

    private readonly List<(DotPath Path, HashSet<string> Values)> _filters;
    private readonly List<(DotPath Path, HashSet<string> Values)> _excludes;
    private readonly List<(DotPath Path, JsonNode? Value)> _overrides;
    private readonly List<(DotPath Path, JsonNode? Value)> _defaults;

    private RecordShaper(JsonObject config)
    {
        _filters = Matches(config[FiltersKey]);
        _excludes = Matches(config[ExcludesKey]);
        _overrides = Settings(config[OverridesKey]);
        _defaults = Settings(config[DefaultsKey]);
    }

    /// <summary>The shaper of a normalised source config (see <see cref="ShapingConfig"/>).</summary>
    public static RecordShaper From(JsonObject config) => new(config);

    public bool IsEmpty => _filters.Count == 0 && _excludes.Count == 0 && _overrides.Count == 0 && _defaults.Count == 0;

    /// <summary>Shapes a record in place.</summary>
    public ShapingOutcome Apply(JsonObject record)
    {
        if (_filters.Count > 0)
        {
            var kept = _filters.Any(f => f.Path.Values(record).Any(v => DotPath.ComparableText(v) is { } text && f.Values.Contains(text)));
            if (!kept)
                return new ShapingOutcome(ShapingAction.Filtered,
                    "matches no filter: " + string.Join("; ", _filters.Select(f => $"{f.Path} is none of {List(f.Values)}")), false);
        }
        foreach (var (path, values) in _excludes)
        {
            var hit = path.Values(record).Select(DotPath.ComparableText).FirstOrDefault(t => t is not null && values.Contains(t));
            if (hit is not null)
                return new ShapingOutcome(ShapingAction.Excluded, $"{path} is '{hit}' (excluded)", false);
        }
        var changed = false;
        foreach (var (path, value) in _overrides)
        {
            path.Set(record, value);
            changed = true;
        }
        foreach (var (path, value) in _defaults)
        {
            if (!path.IsMissingOrEmpty(record)) continue;
            path.Set(record, value);
            changed = true;
        }
        return changed ? new ShapingOutcome(ShapingAction.Kept, null, true) : ShapingOutcome.Unchanged;
    }

    private static string List(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    private static List<(DotPath, HashSet<string>)> Matches(JsonNode? node)
    {
        var list = new List<(DotPath, HashSet<string>)>();
        if (node is not JsonObject map) return list;
        foreach (var (key, value) in map)
        {
            var path = DotPath.TryParse(key, out _)!;
            list.Add((path, (value as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)));
        }
        return list;
    }

    private static List<(DotPath, JsonNode?)> Settings(JsonNode? node)
    {
        var list = new List<(DotPath, JsonNode?)>();
        if (node is not JsonObject map) return list;
        foreach (var (key, value) in map)
            list.Add((DotPath.TryParse(key, out _)!, value?.DeepClone()));
        return list;
    }
}

/// <summary>Checks and normalises the shaping keys of a source config, one message per bad key.</summary>
public static class ShapingConfig
{
    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new(RecordShaper.FiltersKey, "object: dot path -> string or list of strings",
            "Keep only records where one of these paths holds one of the values (exact after trimming; an array matches on any element); a record without the path is dropped. Example: {\"keyword\": [\"election\"]}"),
        new(RecordShaper.ExcludesKey, "object: dot path -> string or list of strings",
            "Drop records where one of these paths holds one of the values (exact after trimming). Example: {\"keyword\": \"politics\"}"),
        new(RecordShaper.OverridesKey, "object: dot path -> JSON value",
            "Set these paths on every kept record, creating intermediate objects. Example: {\"publisher.name\": \"nucivic\"}"),
        new(RecordShaper.DefaultsKey, "object: dot path -> JSON value",
            "Set these paths when a record's value is missing, null, \"\", [] or {}. Example: {\"accessLevel\": \"public\"}"),
    ];

    /// <summary>Adds the normalised shaping keys to <paramref name="normalised"/>; returns one message per bad key.</summary>
    public static List<string> Read(JsonObject config, JsonObject normalised)
    {
        var errors = new List<string>();
        foreach (var key in new[] { RecordShaper.FiltersKey, RecordShaper.ExcludesKey })
        {
            if (!config.TryGetPropertyValue(key, out var node) || node is null) continue;
            var result = new JsonObject();
            var bad = new List<string>();
            if (node is not JsonObject map)
            {
                errors.Add($"'{key}' must be an object mapping dot paths to a string or a list of strings, e.g. {{\"keyword\": [\"election\"]}}");
                continue;
            }
            foreach (var (pathText, value) in map)
            {
                if (DotPath.TryParse(pathText, out var pathError) is null) { bad.Add(pathError!); continue; }
                var values = Strings(value);
                if (values is null) { bad.Add($"the value of '{pathText}' must be a string, a number, true/false or a list of them"); continue; }
                if (values.Count == 0) { bad.Add($"'{pathText}' lists no values"); continue; }
                result[pathText.Trim()] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            }
            if (bad.Count > 0) errors.Add($"'{key}': {string.Join("; ", bad)}");
            else normalised[key] = result;
        }
        foreach (var key in new[] { RecordShaper.OverridesKey, RecordShaper.DefaultsKey })
        {
            if (!config.TryGetPropertyValue(key, out var node) || node is null) continue;
            if (node is not JsonObject map)
            {
                errors.Add($"'{key}' must be an object mapping dot paths to values, e.g. {{\"publisher.name\": \"nucivic\"}}");
                continue;
            }
            var result = new JsonObject();
            var bad = new List<string>();
            foreach (var (pathText, value) in map)
            {
                if (DotPath.TryParse(pathText, out var pathError) is null) { bad.Add(pathError!); continue; }
                result[pathText.Trim()] = value?.DeepClone();
            }
            if (bad.Count > 0) errors.Add($"'{key}': {string.Join("; ", bad)}");
            else normalised[key] = result;
        }
        return errors;
    }

    /// <summary>A string, number or boolean, or a list of them, as trimmed texts; null when it is anything else.</summary>
    private static List<string>? Strings(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            var texts = array.Select(DotPath.ComparableText).ToList();
            return texts.Any(t => t is null) ? null : texts.Select(t => t!).Where(t => t.Length > 0).Distinct().ToList();
        }
        var text = DotPath.ComparableText(node);
        return text is null ? null : text.Length == 0 ? [] : [text];
    }
}
