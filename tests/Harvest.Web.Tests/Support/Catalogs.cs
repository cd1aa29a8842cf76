using System.Text.Json;

namespace Harvest.Web.Tests.Support;

/// <summary>Small data.json catalogs written for a test.</summary>
public static class Catalogs
{
    public static string Write(string folder, string name, params object[] datasets)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { conformsTo = "https://project-open-data.cio.gov/v1.1/schema", dataset = datasets }));
        return path;
    }

    public static object Record(string identifier, string title, string[]? keywords = null, string publisher = "Parks Department", string modified = "2024-01-01") => new
    {
        identifier, title, description = $"About {title}", keyword = keywords ?? ["parks"], modified, accessLevel = "public",
        publisher = new { name = publisher },
        distribution = new[] { new { downloadURL = $"https://example.org/{identifier}.csv", mediaType = "text/csv", format = "CSV", title = "CSV" } },
    };
}
