using Harvest.Engine.Text;
using System.Text;
using System.Text.Json;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Ckan;

/// <summary>Maps a remote CKAN package dict to a local dataset, applying the source's config.</summary>
internal static class CkanMapper
{
    /// <summary>Core package fields with no place of their own in the local dataset, kept as extras.</summary>
    private static readonly string[] FieldsKeptAsExtras =
        ["author", "author_email", "maintainer", "maintainer_email", "license_id", "license_title", "version"];

    public static DatasetDraft Map(HarvestContext context, HarvestObject harvestObject, CkanConfig config)
    {
        using var document = JsonText.Parse(harvestObject.Content!);
        var package = document.RootElement;
        var (organizationName, organizationTitle) = Organization(context, harvestObject, package, config);
        return new DatasetDraft
        {
            Title = JsonText.String(package, "title") ?? JsonText.String(package, "name")!,
            Name = JsonText.String(package, "name"),
            Notes = JsonText.String(package, "notes"),
            Url = JsonText.String(package, "url"),
            Tags = Distinct(Tags(package, config).Concat(config.CleanTags ? config.DefaultTags.Select(CleanTag) : config.DefaultTags)),
            Groups = Distinct(Groups(context, harvestObject, package, config).Concat(config.DefaultGroups)),
            OrganizationName = organizationName,
            OrganizationTitle = organizationTitle,
            Extras = Extras(context, harvestObject, package, config),
            Resources = Resources(package),
        };
    }

    private static IEnumerable<string> Tags(JsonElement package, CkanConfig config)
    {
        if (!package.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) yield break;
        foreach (var tag in tags.EnumerateArray())
        {
            var name = tag.ValueKind == JsonValueKind.String ? tag.GetString() : JsonText.String(tag, "name") ?? JsonText.String(tag, "display_name");
            if (string.IsNullOrWhiteSpace(name)) continue;
            yield return config.CleanTags ? CleanTag(name) : name.Trim();
        }
    }

    /// <summary>CKAN's munge_tag: accents folded, lower case, only letters, digits, '-' and spaces kept, spaces made '-'.</summary>
    internal static string CleanTag(string tag)
    {
        var builder = new StringBuilder(tag.Length);
        foreach (var c in tag.Normalize(NormalizationForm.FormC))
        {
            var folded = char.IsAscii(c) ? c.ToString() : AsciiFolding.Fold(c) ?? "";
            foreach (var f in folded.ToLowerInvariant())
                if (char.IsAsciiLetterOrDigit(f) || f is '-' or ' ') builder.Append(f);
        }
        return builder.ToString().Trim().Replace(' ', '-');
    }

    /// <summary>
    /// The remote groups the dataset keeps: those that exist locally, and with <c>create</c> those the remote site's
    /// group_show described at gather (a group it could not show is not invented from its name alone).
    /// </summary>
    private static IEnumerable<string> Groups(HarvestContext context, HarvestObject harvestObject, JsonElement package, CkanConfig config)
    {
        if (config.RemoteGroups is null || !package.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array) yield break;
        var shown = config.RemoteGroups == CkanConfig.Create ? Shown(harvestObject, RemoteGroupLookup.GroupsExtra) : [];
        foreach (var group in groups.EnumerateArray())
        {
            var name = JsonText.String(group, "name");
            if (name is null) continue;
            if (Local(context).Find(name, isOrganization: false) is { } local)
                yield return local.Name;
            else if (shown.FirstOrDefault(g => JsonText.String(g, "name") == name) is { ValueKind: JsonValueKind.Object } remote)
                yield return Local(context).Ensure(name, JsonText.String(remote, "title") ?? name, JsonText.String(remote, "description"),
                    isOrganization: false, JsonText.String(remote, "image_url")).Name;
        }
    }

    private static List<JsonElement> Shown(HarvestObject harvestObject, string extra)
    {
        if (!harvestObject.Extras.TryGetValue(extra, out var json)) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Array => [.. document.RootElement.EnumerateArray().Select(e => e.Clone())],
            JsonValueKind.Object => [document.RootElement.Clone()],
            _ => [],
        };
    }

    /// <summary>The remote organization when remote_orgs allows it; else none, and the engine uses the source's organization.</summary>
    private static (string? Name, string? Title) Organization(HarvestContext context, HarvestObject harvestObject, JsonElement package, CkanConfig config)
    {
        if (config.RemoteOrgs is null || !package.TryGetProperty("organization", out var organization) || organization.ValueKind != JsonValueKind.Object)
            return (null, null);
        var name = JsonText.String(organization, "name");
        if (name is null) return (null, null);
        if (Local(context).Find(name, isOrganization: true) is { } local) return (local.Name, local.Title ?? local.Name);
        if (config.RemoteOrgs == CkanConfig.Create && Shown(harvestObject, RemoteGroupLookup.OrganizationExtra) is [{ ValueKind: JsonValueKind.Object } remote])
        {
            var title = JsonText.String(remote, "title") ?? name;
            var created = Local(context).Ensure(name, title, JsonText.String(remote, "description"), isOrganization: true, JsonText.String(remote, "image_url"));
            return (created.Name, created.Title ?? title);
        }
        return (null, null);
    }

    private static ILocalGroups Local(HarvestContext context) =>
        context.Groups ?? throw new HarvestException("remote_groups and remote_orgs need the local catalog's groups, which this context does not give");

    private static Dictionary<string, string> Extras(HarvestContext context, HarvestObject harvestObject, JsonElement package, CkanConfig config)
    {
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in FieldsKeptAsExtras)
            if (JsonText.String(package, field) is { } value) extras[field] = value;
        if (package.TryGetProperty("extras", out var remote) && remote.ValueKind == JsonValueKind.Array)
            foreach (var extra in remote.EnumerateArray())
            {
                var key = JsonText.String(extra, "key");
                if (key is null || !extra.TryGetProperty("value", out var value)) continue;
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                };
                if (!string.IsNullOrEmpty(text)) extras[key] = text;
            }
        var remoteKeys = new HashSet<string>(extras.Keys, StringComparer.Ordinal);
        foreach (var (key, template) in config.DefaultExtras)
        {
            if (remoteKeys.Contains(key) && !config.OverrideExtras) continue;
            extras[key] = Expand(template, context, harvestObject, package);
        }
        return extras;
    }

    /// <summary>ckanext-harvest's default_extras replacements.</summary>
    internal static string Expand(string template, HarvestContext context, HarvestObject harvestObject, JsonElement package) => template
        .Replace("{dataset_id}", JsonText.String(package, "id") ?? harvestObject.Guid, StringComparison.Ordinal)
        .Replace("{harvest_source_id}", context.Source.SourceId, StringComparison.Ordinal)
        .Replace("{harvest_source_url}", context.Source.Url.TrimEnd('/'), StringComparison.Ordinal)
        .Replace("{harvest_source_title}", context.Source.Title ?? context.Source.Name, StringComparison.Ordinal)
        .Replace("{harvest_job_id}", context.Job.JobId, StringComparison.Ordinal)
        .Replace("{harvest_object_id}", harvestObject.ObjectId, StringComparison.Ordinal);

    private static List<DatasetResource> Resources(JsonElement package)
    {
        if (!package.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array) return [];
        return resources.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).Select(r => new DatasetResource
        {
            Url = JsonText.String(r, "url"),
            Name = JsonText.String(r, "name"),
            Description = JsonText.String(r, "description"),
            Format = JsonText.String(r, "format"),
            MediaType = JsonText.String(r, "mimetype"),
        }).ToList();
    }

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
