using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harvest.Harvesters.DataJson.Shaping;

/// <summary>
/// A dot path into a record: <c>keyword</c>, <c>publisher.name</c>, <c>distribution.0.format</c>.
/// A segment of digits indexes an array; any other segment met on an array applies to each element.
/// </summary>
public sealed class DotPath
{
    private DotPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }
    public IReadOnlyList<string> Segments { get; }

    public override string ToString() => Text;

    /// <summary>Parses a path; null with a reason when it has an empty segment.</summary>
    public static DotPath? TryParse(string text, out string? error)
    {
        var trimmed = text.Trim();
        var segments = trimmed.Split('.');
        if (trimmed.Length == 0 || segments.Any(s => s.Trim().Length == 0))
        {
            error = $"'{text}' is not a dot path (empty segment)";
            return null;
        }
        error = null;
        return new DotPath(trimmed, segments.Select(s => s.Trim()).ToArray());
    }

    private static bool IsIndex(string segment, out int index) =>
        int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);

    /// <summary>The scalar values found at the path; an array found at the end contributes its elements.</summary>
    public List<JsonNode?> Values(JsonNode? root)
    {
        var found = new List<JsonNode?>();
        Collect(root, 0, found);
        return found;
    }

    private void Collect(JsonNode? node, int depth, List<JsonNode?> found)
    {
        if (depth == Segments.Count)
        {
            if (node is JsonArray array) found.AddRange(array);
            else found.Add(node);
            return;
        }
        var segment = Segments[depth];
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue(segment, out var child)) Collect(child, depth + 1, found);
                break;
            case JsonArray array when IsIndex(segment, out var index):
                if (index < array.Count) Collect(array[index], depth + 1, found);
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, depth, found);
                break;
        }
    }

    private JsonNode? Single(JsonNode? node)
    {
        foreach (var segment in Segments)
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray array when IsIndex(segment, out var index) => index < array.Count ? array[index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    public static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim().Length == 0,
        _ => false,
    };

    /// <summary>True when the path holds no value, or null, "", [] or {}.</summary>
    public bool IsMissingOrEmpty(JsonObject root) => IsEmpty(Single(root));

    /// <summary>
    /// Sets the value at the path, creating intermediate objects (and padding arrays with nulls). A name segment
    /// met on an array sets the rest of the path on each of its elements.
    /// </summary>
    public void Set(JsonObject root, JsonNode? value) => Set(root, 0, value);

    private void Set(JsonNode container, int depth, JsonNode? value)
    {
        var segment = Segments[depth];
        var last = depth == Segments.Count - 1;
        if (container is JsonArray array)
        {
            if (!IsIndex(segment, out var index))
            {
                foreach (var item in array)
                    if (item is JsonObject or JsonArray) Set(item, depth, value);
                return;
            }
            while (array.Count <= index) array.Add(null);
            if (last) { array[index] = value?.DeepClone(); return; }
            if (array[index] is not (JsonObject or JsonArray)) array[index] = new JsonObject();
            Set(array[index]!, depth + 1, value);
            return;
        }
        var obj = (JsonObject)container;
        if (last) { obj[segment] = value?.DeepClone(); return; }
        if (!obj.TryGetPropertyValue(segment, out var child) || child is not (JsonObject or JsonArray))
        {
            child = new JsonObject();
            obj[segment] = child;
        }
        Set(child, depth + 1, value);
    }

    /// <summary>A scalar's text for comparison: strings trimmed, numbers and booleans as written; null for others.</summary>
    public static string? ComparableText(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Trim(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }
}
