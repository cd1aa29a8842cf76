using System.Text.Json;

namespace Harvest.Engine.Tests.Support;

/// <summary>Builds small data.json catalogs for tests.</summary>
public static class DataJsonBuilder
{
    public static object Record(string identifier, string title, string? description = null, params string[] keywords) => new Dictionary<string, object?>
    {
        ["@type"] = "dcat:Dataset",
        ["identifier"] = identifier,
        ["title"] = title,
        ["description"] = description ?? $"About {title}",
        ["keyword"] = keywords,
        ["publisher"] = new Dictionary<string, object?> { ["name"] = "Test Agency" },
        ["accessLevel"] = "public",
        ["modified"] = "2026-01-01",
        ["distribution"] = new[] { new Dictionary<string, object?> { ["downloadURL"] = $"https://example.org/{identifier}.csv", ["mediaType"] = "text/csv" } },
    };

    public static string Catalog(params object[] records) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@type"] = "dcat:Catalog",
        ["conformsTo"] = "https://project-open-data.cio.gov/v1.1/schema",
        ["dataset"] = records,
    }, new JsonSerializerOptions { WriteIndented = true });
}
