using System.Text.Json;
using Harvest.Engine;
using Harvest.Engine.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Harvest.Web.Catalog;

/// <summary>
/// <c>/data.json</c>: the active datasets of the local catalog as a DCAT-US 1.1 catalog, written while they are read a
/// page at a time, so that memory stays flat whatever the catalog's size.
/// </summary>
public static class DataJsonEndpoint
{
    private const int FlushEvery = 200;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/data.json", WriteAsync);

    private static async Task WriteAsync(HttpContext http)
    {
        var engine = http.RequestServices.GetRequiredService<HarvestEngine>();
        var organizations = engine.Catalog.Organizations().ToDictionary(g => g.Name, StringComparer.Ordinal);
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Encoder = Api.ActionApi.Json.Encoder });
        writer.WriteStartObject();
        writer.WriteString("@context", "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld");
        writer.WriteString("@id", $"{http.Request.Scheme}://{http.Request.Host}/data.json");
        writer.WriteString("@type", "dcat:Catalog");
        writer.WriteString("conformsTo", "https://project-open-data.cio.gov/v1.1/schema");
        writer.WriteString("describedBy", "https://project-open-data.cio.gov/v1.1/schema/catalog.json");
        writer.WriteStartArray("dataset");
        var written = 0;
        foreach (var dataset in engine.Catalog.StreamActive())
        {
            DataJsonRecord.Write(writer, dataset, name => organizations.GetValueOrDefault(name));
            if (++written % FlushEvery == 0) await writer.FlushAsync(http.RequestAborted);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }
}
