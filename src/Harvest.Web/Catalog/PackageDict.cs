using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;
using Harvest.Web.Api;

namespace Harvest.Web.Catalog;

/// <summary>
/// A dataset as CKAN's package_show gives it, so that CKAN harvesters (Harvest's own and ckanext-harvest's) import it
/// as it is here: name, title, notes, url, tags, groups, organization, resources and extras. The fields a CKAN
/// harvester keeps as extras (author, maintainer, license_id, version...) are given back as the package fields they
/// were; where the dataset came from is given as ckanext-harvest names it, beside the extras.
/// </summary>
public static class PackageDict
{
    /// <summary>Package fields that the CKAN harvester keeps as extras, returned to their own place.</summary>
    internal static readonly string[] CoreFields =
        ["author", "author_email", "maintainer", "maintainer_email", "license_id", "license_title", "version"];

    /// <summary>The package as a JSON object (package_show, and wherever one dataset is given).</summary>
    public static JsonObject From(Dataset d, Func<string, CatalogGroup?> organization, Func<string, CatalogGroup?> group)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, d, organization, group);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>
    /// Writes the package as it goes: package_search's pages of up to 1000 packages are written this way, without a
    /// JsonObject per package, resource and tag (15 MB for a page of 1000, and most of the page's time in garbage collections).
    /// </summary>
    public static void Write(Utf8JsonWriter w, Dataset d, Func<string, CatalogGroup?> organization, Func<string, CatalogGroup?> group)
    {
        var org = d.Organization is null ? null : organization(d.Organization);
        w.WriteStartObject();
        w.WriteString("id", d.DatasetId);
        w.WriteString("name", d.Name);
        w.WriteString("title", d.Title);
        w.WriteString("notes", d.Notes);
        w.WriteString("url", d.Url);
        w.WriteString("type", "dataset");
        w.WriteString("state", d.State == DatasetState.Active ? "active" : "deleted");
        w.WriteBoolean("private", false);
        w.WriteString("metadata_created", HarvestDicts.Time(d.MetadataCreated));
        w.WriteString("metadata_modified", HarvestDicts.Time(d.MetadataModified));
        foreach (var field in CoreFields) w.WriteString(field, d.Extras.GetValueOrDefault(field));
        w.WriteString("owner_org", org?.GroupId);
        w.WritePropertyName("organization");
        if (org is null) w.WriteNullValue();
        else WriteGroup(w, org);
        w.WriteStartArray("tags");
        foreach (var tag in d.Tags)
        {
            w.WriteStartObject();
            w.WriteString("name", tag);
            w.WriteString("display_name", tag);
            w.WriteString("state", "active");
            w.WriteNull("vocabulary_id");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("num_tags", d.Tags.Count);
        w.WriteStartArray("groups");
        foreach (var name in d.Groups)
        {
            if (group(name) is { } g)
            {
                WriteGroup(w, g);
                continue;
            }
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("title", name);
            w.WriteString("display_name", name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("resources");
        for (var i = 0; i < d.Resources.Count; i++)
        {
            var r = d.Resources[i];
            w.WriteStartObject();
            w.WriteString("id", ResourceId(d.DatasetId, i));
            w.WriteString("package_id", d.DatasetId);
            w.WriteNumber("position", i);
            w.WriteString("state", "active");
            w.WriteString("url", r.Url);
            w.WriteString("name", r.Name);
            w.WriteString("description", r.Description);
            w.WriteString("format", r.Format);
            w.WriteString("mimetype", r.MediaType);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("num_resources", d.Resources.Count);
        w.WriteStartArray("extras");
        foreach (var (key, value) in d.Extras.Where(e => !CoreFields.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("harvest_object_id", d.HarvestObjectId);
        w.WriteString("harvest_source_id", d.HarvestSourceId);
        w.WriteString("harvest_source_title", d.HarvestSourceTitle);
        w.WriteEndObject();
    }

    /// <summary>The group or organization as a JSON object, with its dataset count when given (group_list, organization_show).</summary>
    public static JsonObject Group(CatalogGroup g, int? packageCount = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) WriteGroup(writer, g, packageCount);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, CatalogGroup g, int? packageCount = null)
    {
        w.WriteStartObject();
        w.WriteString("id", g.GroupId);
        w.WriteString("name", g.Name);
        w.WriteString("title", g.Title ?? g.Name);
        w.WriteString("display_name", g.Title ?? g.Name);
        w.WriteString("description", g.Description ?? "");
        w.WriteString("image_url", g.ImageUrl ?? "");
        w.WriteString("image_display_url", g.ImageUrl ?? "");
        w.WriteString("created", HarvestDicts.Time(g.Created));
        w.WriteBoolean("is_organization", g.IsOrganization);
        w.WriteString("type", g.IsOrganization ? "organization" : "group");
        w.WriteString("state", "active");
        w.WriteString("approval_status", "approved");
        if (packageCount is not null) w.WriteNumber("package_count", packageCount.Value);
        w.WriteEndObject();
    }

    /// <summary>Resources have no ids of their own here: one derived from the dataset and position stays the same between reads.</summary>
    internal static string ResourceId(string datasetId, int position) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{datasetId}/{position}"))).ToString();
}
