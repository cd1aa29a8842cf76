using System.Globalization;
using System.Text.Json;
using Harvest.Engine.Http;
using Harvest.Engine.Text;

namespace Harvest.Harvesters.Ckan;

/// <summary>One page of a remote <c>package_search</c>: the total the remote reports and each package dict as JSON text.</summary>
internal sealed record PackagePage(int Count, IReadOnlyList<PackageEntry> Packages);

/// <summary>A package dict of a page: its id (null when it has none), title, CKAN type, and its JSON.</summary>
internal sealed record PackageEntry(string? Id, string? Title, string? Type, string Json);

/// <summary>Builds <c>package_search</c> queries and reads their pages.</summary>
internal static class CkanPackageSearch
{
    /// <summary>The sort that keeps pages stable while the remote changes: by id.</summary>
    public const string Sort = "id asc";

    public static string BaseUrl(string sourceUrl) => sourceUrl.TrimEnd('/');

    public static string ActionUrl(string sourceUrl, int apiVersion, string action) =>
        $"{BaseUrl(sourceUrl)}/api/{apiVersion.ToString(CultureInfo.InvariantCulture)}/action/{action}";

    /// <summary>The filter query: organization and group filters, then the modification window of an incremental harvest.</summary>
    public static string? FilterQuery(CkanConfig config, DateTimeOffset? modifiedSince)
    {
        var terms = new List<string>();
        if (config.OrganizationsInclude.Count > 0)
            terms.Add("(" + string.Join(" OR ", config.OrganizationsInclude.Select(o => "organization:" + Quote(o))) + ")");
        terms.AddRange(config.OrganizationsExclude.Select(o => "-organization:" + Quote(o)));
        if (config.GroupsInclude.Count > 0)
            terms.Add("(" + string.Join(" OR ", config.GroupsInclude.Select(g => "groups:" + Quote(g))) + ")");
        terms.AddRange(config.GroupsExclude.Select(g => "-groups:" + Quote(g)));
        if (modifiedSince is { } since)
            terms.Add($"metadata_modified:[{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} TO *]");
        return terms.Count == 0 ? null : string.Join(" ", terms);
    }

    /// <summary>Organization and group names are slugs; anything else is quoted for Solr.</summary>
    private static string Quote(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? name : "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static Uri PageUri(string sourceUrl, CkanConfig config, string? fq, int start)
    {
        var query = new List<string>
        {
            "q=" + Uri.EscapeDataString("*:*"),
            "rows=" + config.PageSize.ToString(CultureInfo.InvariantCulture),
            "start=" + start.ToString(CultureInfo.InvariantCulture),
            "sort=" + Uri.EscapeDataString(Sort),
        };
        if (fq is not null) query.Add("fq=" + Uri.EscapeDataString(fq));
        if (config.IncludePrivate) query.Add("include_private=true");
        return new Uri(ActionUrl(sourceUrl, config.ApiVersion, "package_search") + "?" + string.Join("&", query));
    }

    public static Task<PackagePage> GetPageAsync(HarvestHttpClient http, Uri uri, HttpCallOptions options, CancellationToken cancellationToken) =>
        http.GetJsonAsync(uri, options, document => ReadPage(uri, document), cancellationToken);

    private static PackagePage ReadPage(Uri uri, JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new CkanApiException($"GET {uri}: the response is not a CKAN API response (expected a JSON object)");
        if (root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
        {
            var message = root.TryGetProperty("error", out var error) ? error.GetRawText() : "no error given";
            throw new CkanApiException($"GET {uri}: the CKAN API reported a failure: {message}");
        }
        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            throw new CkanApiException($"GET {uri}: the response has no result.results list: is this a CKAN site's base URL?");
        var count = result.TryGetProperty("count", out var c) && c.TryGetInt32(out var n) ? n : -1;
        var packages = new List<PackageEntry>(results.GetArrayLength());
        foreach (var package in results.EnumerateArray())
        {
            string? id = null;
            if (package.ValueKind == JsonValueKind.Object && package.TryGetProperty("id", out var idElement)
                && idElement.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(idElement.GetString()))
                id = idElement.GetString()!.Trim();
            packages.Add(new PackageEntry(id, JsonText.String(package, "title") ?? JsonText.String(package, "name"),
                JsonText.String(package, "type"), package.GetRawText()));
        }
        return new PackagePage(count, packages);
    }

    /// <summary>The result of a <c>*_show</c> action (group_show, organization_show), or null when the remote cannot show it.</summary>
    public static async Task<JsonElement?> ShowAsync(
        HarvestHttpClient http, string sourceUrl, CkanConfig config, string action, string id, HttpCallOptions options, CancellationToken cancellationToken)
    {
        var uri = new Uri(ActionUrl(sourceUrl, config.ApiVersion, action) + "?id=" + Uri.EscapeDataString(id));
        try
        {
            using var document = await http.GetJsonAsync(uri, options, cancellationToken);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
                || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
                return null;
            return result.Clone();
        }
        catch (RemoteDocumentException)
        {
            return null;
        }
    }
}

public sealed class CkanApiException(string message) : HarvestException(message);
