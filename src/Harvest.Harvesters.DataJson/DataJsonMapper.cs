using Harvest.Engine.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.DataJson;

/// <summary>Maps one DCAT-US dataset record to a local dataset.</summary>
internal static class DataJsonMapper
{
    /// <summary>Fields that map to dataset properties; every other field is kept as an extra.</summary>
    private static readonly HashSet<string> MappedFields =
        ["title", "description", "keyword", "distribution", "landingPage", "@type"];

    public static DatasetDraft Map(JsonElement record, JsonObject config)
    {
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config["default_extras"] is JsonObject defaults)
            foreach (var (key, value) in defaults)
                extras[key] = value!.GetValue<string>();
        foreach (var property in record.EnumerateObject())
        {
            if (MappedFields.Contains(property.Name)) continue;
            var text = ExtraValue(property.Value);
            if (text is not null) extras[property.Name] = text;
        }

        return new DatasetDraft
        {
            Title = JsonText.StringOrNumber(record, "title")!,
            Notes = JsonText.StringOrNumber(record, "description"),
            Url = LandingPage(record),
            Tags = Distinct(Keywords(record).Concat(ConfigList(config, "default_tags"))),
            Groups = Distinct(ConfigList(config, "default_groups")),
            OrganizationTitle = record.TryGetProperty("publisher", out var publisher) ? JsonText.StringOrNumber(publisher, "name") : null,
            Extras = extras,
            Resources = Resources(record),
        };
    }

    /// <summary>landingPage: a URL (DCAT-US 1.1), or a Document object (DCAT-US 3.0) by its <c>@id</c> or <c>accessURL</c>.</summary>
    public static string? LandingPage(JsonElement record) =>
        record.TryGetProperty("landingPage", out var page) && page.ValueKind == JsonValueKind.Object
            ? JsonText.String(page, "@id") ?? JsonText.String(page, "accessURL")
            : JsonText.StringOrNumber(record, "landingPage");

    private static IEnumerable<string> Keywords(JsonElement record)
    {
        if (!record.TryGetProperty("keyword", out var keyword)) return [];
        return keyword.ValueKind switch
        {
            JsonValueKind.Array => keyword.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!),
            // Some catalogs give keywords as one comma-separated string.
            JsonValueKind.String => keyword.GetString()!.Split(','),
            _ => [],
        };
    }

    private static List<DatasetResource> Resources(JsonElement record)
    {
        if (!record.TryGetProperty("distribution", out var distribution) || distribution.ValueKind != JsonValueKind.Array) return [];
        var resources = new List<DatasetResource>();
        foreach (var item in distribution.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            resources.Add(new DatasetResource
            {
                Url = JsonText.StringOrNumber(item, "downloadURL") ?? JsonText.StringOrNumber(item, "accessURL"),
                Name = JsonText.StringOrNumber(item, "title"),
                Description = JsonText.StringOrNumber(item, "description"),
                Format = JsonText.StringOrNumber(item, "format"),
                MediaType = JsonText.StringOrNumber(item, "mediaType"),
            });
        }
        return resources;
    }

    /// <summary>Strings as they are; numbers and booleans as written; arrays and objects as compact JSON; null and empty values dropped.</summary>
    private static string? ExtraValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array when value.GetArrayLength() == 0 => null,
        JsonValueKind.Array or JsonValueKind.Object => JsonSerializer.Serialize(value),
        _ => value.GetRawText(),
    };

    private static IEnumerable<string> ConfigList(JsonObject config, string key) =>
        config[key] is JsonArray array ? array.Select(i => i!.GetValue<string>()) : [];

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
