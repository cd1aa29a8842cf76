using System.Buffers;
using System.Text.Json;

namespace Harvest.Engine.Json;

/// <summary>
/// A canonical form of a JSON value (object keys sorted by ordinal, no insignificant whitespace)
/// and its SHA-256, so that a record whose content is unchanged hashes the same whatever its key order.
/// </summary>
public static class CanonicalJson
{
    // Every object of every record is sorted here: one hashing buffer per thread, and sorting in pooled arrays, keep it cheap.
    [ThreadStatic] private static HashingBufferWriter? t_sink;

    public static string Hash(JsonElement element)
    {
        var sink = t_sink ??= new HashingBufferWriter();
        using (var writer = new Utf8JsonWriter(sink))
            Write(writer, element);
        return sink.Finish();
    }

    public static string Hash(string json)
    {
        using var document = Text.JsonText.Parse(json);
        return Hash(document.RootElement);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String when SegmentedString.IsLong(element):
                SegmentedString.Write(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element)
    {
        var count = element.GetPropertyCount();
        var properties = ArrayPool<NamedProperty>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (var property in element.EnumerateObject())
                properties[n] = new NamedProperty(property.Name, n++, property.Value);
            // By name, then by position: a repeated key keeps its order, as a stable sort would.
            Array.Sort(properties, 0, n, NamedProperty.Order);
            writer.WriteStartObject();
            for (var i = 0; i < n; i++)
            {
                writer.WritePropertyName(properties[i].Name);
                Write(writer, properties[i].Value);
            }
            writer.WriteEndObject();
        }
        finally
        {
            ArrayPool<NamedProperty>.Shared.Return(properties, clearArray: true);
        }
    }

    private readonly record struct NamedProperty(string Name, int Position, JsonElement Value)
    {
        public static readonly IComparer<NamedProperty> Order = Comparer<NamedProperty>.Create((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Position.CompareTo(b.Position);
        });
    }
}
