using System.Text.Json;

namespace Harvest.Engine.Text;

/// <summary>Reading text values out of JSON records, the way every JSON harvester needs.</summary>
public static class JsonText
{
    /// <summary>A property's string value, trimmed; null when absent, not a string, or blank.</summary>
    public static string? String(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String)
            return null;
        return Trimmed(value);
    }

    /// <summary>A property's string value, or a number's text (some catalogs write identifiers and titles as numbers), trimmed; else null.</summary>
    public static string? StringOrNumber(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Trimmed(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>
    /// A stored record, parsed. Parsing a string borrows a pooled buffer of its UTF-8 size that the pool then keeps; a
    /// record of a megabyte or more is parsed from UTF-8 of its own instead, which the GC takes back.
    /// </summary>
    public static JsonDocument Parse(string json) =>
        json.Length < LargeTextChars ? JsonDocument.Parse(json) : JsonDocument.Parse(System.Text.Encoding.UTF8.GetBytes(json).AsMemory());

    private const int LargeTextChars = 1 << 20;

    /// <summary>A string value, trimmed, or null when blank; a long one is read a slice at a time (<see cref="Json.SegmentedString"/>).</summary>
    private static string? Trimmed(JsonElement value)
    {
        if (Json.SegmentedString.IsLong(value)) return Json.SegmentedString.Read(value, trim: true) is { Length: > 0 } read ? read : null;
        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
