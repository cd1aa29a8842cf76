using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Text;

namespace Harvest.Harvesters.Ckan;

/// <summary>
/// With <c>remote_groups</c> or <c>remote_orgs</c> set to <c>create</c>, ckanext-harvest copies a group or organization
/// from what the remote site's <c>group_show</c> / <c>organization_show</c> say of it. Each is asked once per gather;
/// what they said is kept on the object (its extras, outside the content hash) for the import, which creates only
/// those the remote could show.
/// </summary>
internal sealed class RemoteGroupLookup(GatherContext context, CkanConfig config, HttpCallOptions options)
{
    public const string GroupsExtra = "ckan_remote_groups";
    public const string OrganizationExtra = "ckan_remote_organization";

    private readonly Dictionary<(string Action, string Name), JsonObject?> _shown = [];

    public async Task<IReadOnlyDictionary<string, string>> ExtrasForAsync(string packageJson, CancellationToken cancellationToken)
    {
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.RemoteGroups != CkanConfig.Create && config.RemoteOrgs != CkanConfig.Create) return extras;
        using var document = JsonText.Parse(packageJson);
        var package = document.RootElement;
        if (config.RemoteGroups == CkanConfig.Create && package.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Array)
        {
            var shown = new JsonArray();
            foreach (var name in groups.EnumerateArray().Select(g => JsonText.String(g, "name")).OfType<string>().Distinct())
                if (await ShowAsync("group_show", name, cancellationToken) is { } group) shown.Add(group.DeepClone());
            extras[GroupsExtra] = shown.ToJsonString();
        }
        if (config.RemoteOrgs == CkanConfig.Create && package.TryGetProperty("organization", out var organization)
            && JsonText.String(organization, "name") is { } organizationName
            && await ShowAsync("organization_show", organizationName, cancellationToken) is { } shownOrganization)
            extras[OrganizationExtra] = shownOrganization.ToJsonString();
        return extras;
    }

    private async Task<JsonObject?> ShowAsync(string action, string name, CancellationToken cancellationToken)
    {
        if (_shown.TryGetValue((action, name), out var known)) return known;
        var result = await CkanPackageSearch.ShowAsync(context.Documents.Http, context.Source.Url, config, action, name, options, cancellationToken);
        JsonObject? shown = null;
        if (result is { } element)
            shown = new JsonObject
            {
                ["name"] = name,
                ["title"] = JsonText.String(element, "title") ?? JsonText.String(element, "display_name"),
                ["description"] = JsonText.String(element, "description"),
                ["image_url"] = JsonText.String(element, "image_display_url") ?? JsonText.String(element, "image_url"),
            };
        else
            context.Log?.Warning($"{action} of '{name}' on {context.Source.Url} failed: the {(action == "group_show" ? "group" : "organization")} is not copied");
        _shown[(action, name)] = shown;
        return shown;
    }
}
