using System.Security.Cryptography;
using System.Text.Json;

namespace Harvest.Engine.Json;

/// <summary>
/// A canonical form of a JSON value (object keys sorted by ordinal, no insignificant whitespace)
/// and its SHA-256, so that a record whose content is unchanged hashes the same whatever its key order.
/// </summary>
public static class CanonicalJson
{
    public static string Hash(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, element);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public static string Hash(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Hash(document.RootElement);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
