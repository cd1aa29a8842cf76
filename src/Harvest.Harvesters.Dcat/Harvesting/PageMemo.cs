using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// What a catalog page listed, kept with its validators: when the server next answers 304 for the page, its records are
/// listed again from here (settled not modified) and paging goes on to the page it linked to, without the page.
/// </summary>
internal sealed record PageMemo(
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("records")] IReadOnlyList<PageMemoRecord> Records)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static PageMemo? From(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<PageMemo>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record PageMemoRecord(
    [property: JsonPropertyName("guid")] string Guid,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("series")] bool IsSeries);
