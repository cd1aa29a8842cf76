using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Harvest.Web.Api;

/// <summary>
/// A value of an action's result that a callback writes when the response is written: a large array (package_search's
/// page of up to 1000 packages) goes to the response as it is made instead of being held as JsonNodes first.
/// </summary>
internal sealed class WrittenJson
{
    private static readonly JsonTypeInfo<WrittenJson> TypeInfo = (JsonTypeInfo<WrittenJson>)new JsonSerializerOptions
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(), Converters = { new Converter() },
    }.GetTypeInfo(typeof(WrittenJson));

    private readonly Action<Utf8JsonWriter> _write;

    private WrittenJson(Action<Utf8JsonWriter> write) => _write = write;

    public static JsonNode Of(Action<Utf8JsonWriter> write) => JsonValue.Create(new WrittenJson(write), TypeInfo)!;

    private sealed class Converter : JsonConverter<WrittenJson>
    {
        public override WrittenJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a written value is output only");

        public override void Write(Utf8JsonWriter writer, WrittenJson value, JsonSerializerOptions options) => value._write(writer);
    }
}
