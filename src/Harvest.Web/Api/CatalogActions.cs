using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Catalog;
using Harvest.Engine.Model;
using Harvest.Web.Access;
using Harvest.Web.Catalog;
using Microsoft.Extensions.DependencyInjection;
using static Harvest.Web.Api.ActionApi;

namespace Harvest.Web.Api;

/// <summary>CKAN's read actions over the local catalog: what a CKAN harvester needs to harvest this catalog.</summary>
public static class CatalogActions
{
    public static JsonNode? PackageSearch(ActionContext c)
    {
        var rows = c.Request.Integer("rows", 10);
        var start = c.Request.Integer("start", 0);
        if (rows < 0 || rows > LocalCatalog.MaxRows) throw new ActionValidationException("rows", $"must be from 0 to {LocalCatalog.MaxRows}");
        if (start < 0) throw new ActionValidationException("start", "must be 0 or more");
        var search = SolrQuery.Parse(c.Request.String("q"), c.Request.String("fq"), c.Request.String("sort"), rows, start);
        var page = c.Engine.Catalog.Search(search);
        var lookup = new GroupLookup(c.Engine);
        return new JsonObject
        {
            ["count"] = page.Count,
            ["sort"] = c.Request.String("sort") ?? "score desc, metadata_modified desc",
            ["facets"] = new JsonObject(),
            ["search_facets"] = new JsonObject(),
            ["results"] = WrittenJson.Of(writer =>
            {
                writer.WriteStartArray();
                foreach (var d in page.Datasets) PackageDict.Write(writer, d, lookup.Organization, lookup.Group);
                writer.WriteEndArray();
            }),
        };
    }

    public static JsonNode? PackageShow(ActionContext c)
    {
        var key = c.Request.Required("id");
        var dataset = c.Engine.Store.FindDataset(key);
        // A deleted dataset is shown only to those who may read the dashboard, as CKAN shows them to sysadmins only.
        var access = c.Http.RequestServices.GetRequiredService<AccessPolicy>();
        if (dataset is null || dataset.State == DatasetState.Deleted && !access.MayRead(c.Http))
            throw new HarvestNotFoundException(HarvestEntity.Dataset, $"no dataset has the id or name '{key}'");
        return Package(c, dataset);
    }

    internal static JsonObject Package(ActionContext c, Dataset dataset)
    {
        var lookup = new GroupLookup(c.Engine);
        return PackageDict.From(dataset, lookup.Organization, lookup.Group);
    }

    public static JsonNode? PackageList(ActionContext c)
    {
        var limit = c.Request.Integer("limit", LocalCatalog.MaxRows);
        var offset = c.Request.Integer("offset", 0);
        if (limit < 0 || limit > LocalCatalog.MaxRows) throw new ActionValidationException("limit", $"must be from 0 to {LocalCatalog.MaxRows}");
        var page = c.Engine.Catalog.Search(new DatasetSearch { Sort = new DatasetSort(DatasetSortField.Name), Rows = limit, Start = Math.Max(0, offset) });
        return new JsonArray([.. page.Datasets.Select(d => (JsonNode)JsonValue.Create(d.Name))]);
    }

    public static JsonNode? GroupList(ActionContext c, bool organizations)
    {
        var groups = organizations ? c.Engine.Catalog.Organizations() : c.Engine.Catalog.Groups();
        if (c.Request.Boolean("all_fields") != true)
            return new JsonArray([.. groups.Select(g => (JsonNode)JsonValue.Create(g.Name))]);
        return new JsonArray([.. groups.Select(g => (JsonNode)PackageDict.Group(g, Count(c.Engine, g, organizations)))]);
    }

    public static JsonNode? GroupShow(ActionContext c, bool organization)
    {
        var key = c.Request.Required("id");
        var group = c.Engine.Catalog.FindGroup(key, organization)
            ?? throw new HarvestNotFoundException(HarvestEntity.Dataset, $"no {(organization ? "organization" : "group")} has the id or name '{key}'");
        return PackageDict.Group(group, Count(c.Engine, group, organization));
    }

    public static JsonNode? StatusShow(ActionContext c) => new JsonObject
    {
        ["site_title"] = "Harvest",
        ["site_description"] = "A local catalog harvested by Harvest",
        ["site_url"] = $"{c.Http.Request.Scheme}://{c.Http.Request.Host}",
        // The CKAN API version this server answers like.
        ["ckan_version"] = "2.10.0",
        ["locale_default"] = "en",
        ["extensions"] = new JsonArray("harvest", "datajson"),
    };

    private static int Count(HarvestEngine engine, CatalogGroup group, bool organization) =>
        engine.Catalog.Search(new DatasetSearch
        {
            Rows = 0,
            Clauses = [new SearchClause([new SearchTerm(organization ? SearchField.Organization : SearchField.Groups, group.Name)])],
        }).Count;

    /// <summary>Organizations and groups by name, read once per request.</summary>
    private sealed class GroupLookup(HarvestEngine engine)
    {
        private Dictionary<string, CatalogGroup>? _organizations;
        private Dictionary<string, CatalogGroup>? _groups;

        public CatalogGroup? Organization(string name) =>
            (_organizations ??= engine.Catalog.Organizations().ToDictionary(g => g.Name, StringComparer.Ordinal)).GetValueOrDefault(name);

        public CatalogGroup? Group(string name) =>
            (_groups ??= engine.Catalog.Groups().ToDictionary(g => g.Name, StringComparer.Ordinal)).GetValueOrDefault(name);
    }
}
