using System.Security.Cryptography;
using System.Text;
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

    public static JsonObject From(Dataset d, Func<string, CatalogGroup?> organization, Func<string, CatalogGroup?> group)
    {
        var org = d.Organization is null ? null : organization(d.Organization);
        var package = new JsonObject
        {
            ["id"] = d.DatasetId, ["name"] = d.Name, ["title"] = d.Title, ["notes"] = d.Notes, ["url"] = d.Url,
            ["type"] = "dataset", ["state"] = d.State == DatasetState.Active ? "active" : "deleted", ["private"] = false,
            ["metadata_created"] = HarvestDicts.Time(d.MetadataCreated), ["metadata_modified"] = HarvestDicts.Time(d.MetadataModified),
        };
        foreach (var field in CoreFields) package[field] = d.Extras.TryGetValue(field, out var value) ? value : null;
        package["owner_org"] = org?.GroupId;
        package["organization"] = org is null ? null : Group(org);
        package["tags"] = new JsonArray([.. d.Tags.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t, ["display_name"] = t, ["state"] = "active", ["vocabulary_id"] = null,
        })]);
        package["num_tags"] = d.Tags.Count;
        package["groups"] = new JsonArray([.. d.Groups.Select(name => (JsonNode)(group(name) is { } g ? Group(g) : new JsonObject
        {
            ["name"] = name, ["title"] = name, ["display_name"] = name,
        }))]);
        package["resources"] = new JsonArray([.. d.Resources.Select((r, i) => (JsonNode)new JsonObject
        {
            ["id"] = ResourceId(d.DatasetId, i), ["package_id"] = d.DatasetId, ["position"] = i, ["state"] = "active",
            ["url"] = r.Url, ["name"] = r.Name, ["description"] = r.Description, ["format"] = r.Format, ["mimetype"] = r.MediaType,
        })]);
        package["num_resources"] = d.Resources.Count;
        package["extras"] = new JsonArray([.. d.Extras.Where(e => !CoreFields.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = e.Value })]);
        package["harvest_object_id"] = d.HarvestObjectId;
        package["harvest_source_id"] = d.HarvestSourceId;
        package["harvest_source_title"] = d.HarvestSourceTitle;
        return package;
    }

    public static JsonObject Group(CatalogGroup g, int? packageCount = null)
    {
        var dict = new JsonObject
        {
            ["id"] = g.GroupId, ["name"] = g.Name, ["title"] = g.Title ?? g.Name, ["display_name"] = g.Title ?? g.Name,
            ["description"] = g.Description ?? "", ["image_url"] = g.ImageUrl ?? "", ["image_display_url"] = g.ImageUrl ?? "",
            ["created"] = HarvestDicts.Time(g.Created), ["is_organization"] = g.IsOrganization,
            ["type"] = g.IsOrganization ? "organization" : "group", ["state"] = "active", ["approval_status"] = "approved",
        };
        if (packageCount is not null) dict["package_count"] = packageCount;
        return dict;
    }

    /// <summary>Resources have no ids of their own here: one derived from the dataset and position stays the same between reads.</summary>
    internal static string ResourceId(string datasetId, int position) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{datasetId}/{position}"))).ToString();
}
