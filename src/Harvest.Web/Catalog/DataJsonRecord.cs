using System.Globalization;
using System.Text.Json;
using Harvest.Engine.Model;

namespace Harvest.Web.Catalog;

/// <summary>
/// A dataset as a DCAT-US 1.1 record. A dataset harvested from data.json keeps the record's other fields as extras, so
/// they are written back as they came (objects and arrays as JSON); the mapped fields come from the dataset (title,
/// description, keyword, distribution, landingPage). Required fields a dataset lacks are filled in: identifier (the
/// dataset id), modified (its metadata_modified), accessLevel (public), publisher (its organization) and contactPoint
/// (its maintainer, when it has one).
/// </summary>
public static class DataJsonRecord
{
    /// <summary>Extras that are this catalog's own bookkeeping, not part of the record.</summary>
    private static readonly HashSet<string> LocalExtras = ["collection_package_id"];

    public static void Write(Utf8JsonWriter w, Dataset d, Func<string, CatalogGroup?> organization)
    {
        w.WriteStartObject();
        w.WriteString("@type", "dcat:Dataset");
        w.WriteString("identifier", d.Extras.GetValueOrDefault("identifier") ?? d.DatasetId);
        w.WriteString("title", d.Title);
        if (d.Notes is not null) w.WriteString("description", d.Notes);
        w.WriteStartArray("keyword");
        foreach (var tag in d.Tags) w.WriteStringValue(tag);
        w.WriteEndArray();
        if (!d.Extras.ContainsKey("modified"))
            w.WriteString("modified", d.MetadataModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (!d.Extras.ContainsKey("accessLevel")) w.WriteString("accessLevel", "public");
        if (!d.Extras.ContainsKey("publisher") && d.Organization is not null)
        {
            w.WriteStartObject("publisher");
            w.WriteString("@type", "org:Organization");
            w.WriteString("name", organization(d.Organization)?.Title ?? d.Organization);
            w.WriteEndObject();
        }
        if (!d.Extras.ContainsKey("contactPoint") && d.Extras.GetValueOrDefault("maintainer") is { } maintainer)
        {
            w.WriteStartObject("contactPoint");
            w.WriteString("@type", "vcard:Contact");
            w.WriteString("fn", maintainer);
            if (d.Extras.GetValueOrDefault("maintainer_email") is { } email) w.WriteString("hasEmail", "mailto:" + email);
            w.WriteEndObject();
        }
        if (d.Url is not null) w.WriteString("landingPage", d.Url);
        if (d.Resources.Count > 0)
        {
            w.WriteStartArray("distribution");
            foreach (var r in d.Resources)
            {
                w.WriteStartObject();
                w.WriteString("@type", "dcat:Distribution");
                if (r.Url is not null) w.WriteString("downloadURL", r.Url);
                if (r.MediaType is not null) w.WriteString("mediaType", r.MediaType);
                if (r.Format is not null) w.WriteString("format", r.Format);
                if (r.Name is not null) w.WriteString("title", r.Name);
                if (r.Description is not null) w.WriteString("description", r.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        foreach (var (key, value) in d.Extras.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (key == "identifier" || LocalExtras.Contains(key)) continue;
            w.WritePropertyName(key);
            WriteExtra(w, value);
        }
        w.WriteEndObject();
    }

    /// <summary>An extra that holds a JSON object or array (as data.json harvesting stores them) is written as that JSON.</summary>
    private static void WriteExtra(Utf8JsonWriter w, string value)
    {
        var trimmed = value.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                document.RootElement.WriteTo(w);
                return;
            }
            catch (JsonException)
            {
            }
        }
        w.WriteStringValue(value);
    }
}
