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
        json.Length < LargeBytes ? JsonDocument.Parse(json) : Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// A record's UTF-8, parsed. JsonDocument makes the table of its tokens in an array from the shared pool sized by the
    /// UTF-8's length (one token assumed every 12 bytes); when the record used less than half of it, as one whose bulk is a
    /// long description does, it copies the rows to a small array and hands the large one back at once (on a parse error
    /// too). The pool keeps arrays of up to 1 GB, one of each size per thread, for as long as memory is not short, so that
    /// a 100 MB record left 128 MB behind on every thread that parsed one. After a large record that array is taken out of
    /// the pool again (a thread's last returned array of a size is the next it rents) and left to the GC.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default)
    {
        try
        {
            return JsonDocument.Parse(utf8, options);
        }
        finally
        {
            if (utf8.Length >= LargeBytes) _ = System.Buffers.ArrayPool<byte>.Shared.Rent(utf8.Length + TokenRowBytes);
        }
    }

    private const int LargeBytes = 1 << 20;

    /// <summary>The size of a row of JsonDocument's token table; it rents the UTF-8's length plus one row.</summary>
    private const int TokenRowBytes = 12;

    /// <summary>A string value, trimmed, or null when blank; a long one is read a slice at a time (<see cref="Json.SegmentedString"/>).</summary>
    private static string? Trimmed(JsonElement value)
    {
        if (Json.SegmentedString.IsLong(value)) return Json.SegmentedString.Read(value, trim: true) is { Length: > 0 } read ? read : null;
        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
