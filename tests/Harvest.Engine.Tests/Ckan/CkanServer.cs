using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>A request the in-test CKAN site received.</summary>
public sealed record CkanRequest(string Path, int Start, int Rows, string? Fq, string? Sort, bool IncludePrivate, string? Authorization, DateTimeOffset At);

/// <summary>
/// A CKAN site on 127.0.0.1 answering the action API's package_search as CKAN does: q, fq (organization, groups
/// and metadata_modified terms), rows, start, sort and include_private, with {help, success, result: {count, results}}.
/// Datasets live under a path prefix, so that one server can play several sites. Tests change the datasets and
/// the behaviour while it runs.
/// </summary>
public sealed partial class CkanServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<JsonObject>> _sites = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CkanRequest> _requests = new();

    private CkanServer(LoopbackServer server) => _server = server;

    public static async Task<CkanServer> StartAsync()
    {
        CkanServer? ckan = null;
        var server = await LoopbackServer.StartAsync(context => ckan!.HandleAsync(context));
        ckan = new CkanServer(server);
        return ckan;
    }

    public string BaseUrl => _server.BaseUrl;
    /// <summary>The base URL of the site at a path prefix ("" for the root).</summary>
    public string SiteUrl(string site = "") => site.Length == 0 ? BaseUrl : $"{BaseUrl}/{site}";

    /// <summary>API key the site requires for private datasets; a request with another key gets 403.</summary>
    public string? ApiKey { get; set; }
    /// <summary>Answers every page as if start were 0.</summary>
    public bool IgnoreStart { get; set; }
    /// <summary>Runs before the normal answer; returns true when it answered the request itself.</summary>
    public Func<HttpContext, CkanRequest, Task<bool>>? Intercept { get; set; }
    /// <summary>Groups and organizations (by name) that group_show / organization_show answer 404 for, as for a deleted one.</summary>
    public HashSet<string> Unshowable { get; } = new(StringComparer.Ordinal);
    /// <summary>Called after a page is answered (to change the site while the harvester pages).</summary>
    public Action<CkanRequest>? AfterPage { get; set; }

    public IReadOnlyList<CkanRequest> Requests => _requests.ToList();
    public IReadOnlyList<CkanRequest> SearchRequests => _requests.Where(r => r.Path.EndsWith("/package_search", StringComparison.Ordinal)).ToList();
    public void ClearRequests() => _requests.Clear();

    public void Add(string site, params JsonObject[] packages)
    {
        lock (_lock)
        {
            if (!_sites.TryGetValue(site, out var list)) _sites[site] = list = [];
            list.AddRange(packages);
        }
    }

    public void Add(params JsonObject[] packages) => Add("", packages);

    public void Remove(string id, string site = "")
    {
        lock (_lock) _sites[site].RemoveAll(p => p["id"]!.GetValue<string>() == id);
    }

    /// <summary>Changes a dataset as a CKAN edit would, setting metadata_modified to now.</summary>
    public void Change(string id, Action<JsonObject> change, string site = "")
    {
        lock (_lock)
        {
            var package = _sites[site].Single(p => p["id"]!.GetValue<string>() == id);
            change(package);
            package["metadata_modified"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A package dict of the shape package_search returns.</summary>
    public static JsonObject Package(
        string id, string? name = null, string? title = null, string? organization = null, string[]? groups = null,
        DateTime? modified = null, bool isPrivate = false, string[]? tags = null, Dictionary<string, string>? extras = null)
    {
        name ??= id;
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["title"] = title ?? $"Dataset {name}",
            ["notes"] = $"About {name}.",
            ["url"] = $"https://example.org/{name}",
            ["private"] = isPrivate,
            ["state"] = "active",
            ["type"] = "dataset",
            ["author"] = "Author of " + name,
            ["license_id"] = "odc-by",
            ["metadata_created"] = "2020-01-01T00:00:00.000000",
            ["metadata_modified"] = (modified ?? new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["organization"] = organization is null ? null : new JsonObject
            {
                ["id"] = "id-" + organization, ["name"] = organization, ["title"] = $"Organization {organization}",
                ["description"] = $"What {organization} does.", ["is_organization"] = true, ["type"] = "organization",
            },
            ["owner_org"] = organization is null ? null : "id-" + organization,
            ["groups"] = new JsonArray((groups ?? []).Select(g => (JsonNode)new JsonObject
            {
                ["id"] = "id-" + g, ["name"] = g, ["title"] = $"Group {g}", ["display_name"] = $"Group {g}", ["description"] = $"The {g} group.",
            }).ToArray()),
            ["tags"] = new JsonArray((tags ?? ["generated"]).Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t, ["display_name"] = t, ["state"] = "active",
            }).ToArray()),
            ["extras"] = new JsonArray((extras ?? []).Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = e.Value }).ToArray()),
            ["resources"] = new JsonArray(new JsonObject
            {
                ["id"] = "r-" + id, ["url"] = $"https://example.org/{name}.csv", ["name"] = "Data", ["format"] = "CSV", ["mimetype"] = "text/csv",
            }),
        };
    }

    /// <summary>The package dicts of the real Birmingham City Council package_search response.</summary>
    public static JsonObject[] BirminghamPackages()
    {
        var root = JsonNode.Parse(File.ReadAllText(Fixtures.Path(Path.Combine("ckan", "birmingham.package_search.json"))))!;
        return root["result"]!["results"]!.AsArray().Select(p => p!.DeepClone().AsObject()).ToArray();
    }

    [GeneratedRegex(@"^(?<site>.*)/api/(?<version>\d)/action/(?<action>[a-z_]+)$")]
    private static partial Regex ActionPath();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var query = context.Request.Query;
        var request = new CkanRequest(
            path,
            int.TryParse(query["start"], out var start) ? start : 0,
            int.TryParse(query["rows"], out var rows) ? rows : 10,
            query.ContainsKey("fq") ? query["fq"].ToString() : null,
            query.ContainsKey("sort") ? query["sort"].ToString() : null,
            query["include_private"] == "true",
            context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            DateTimeOffset.UtcNow);
        _requests.Enqueue(request);
        if (Intercept is { } intercept && await intercept(context, request)) return;

        var match = ActionPath().Match(path);
        if (match.Success && match.Groups["action"].Value is "group_show" or "organization_show")
        {
            await ShowGroupAsync(context, match.Groups["site"].Value.TrimStart('/'), match.Groups["action"].Value == "organization_show", query["id"].ToString());
            return;
        }
        if (!match.Success || match.Groups["action"].Value != "package_search")
        {
            await WriteAsync(context, 404, new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["message"] = "Not found" } });
            return;
        }
        if (request.Authorization is not null && request.Authorization != ApiKey)
        {
            await WriteAsync(context, 403, new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["message"] = "Access denied", ["__type"] = "Authorization Error" } });
            return;
        }
        var site = match.Groups["site"].Value.TrimStart('/');
        List<JsonObject> matching;
        try
        {
            var filter = Filter(request.Fq);
            lock (_lock)
            {
                var all = _sites.TryGetValue(site, out var list) ? list : [];
                var showPrivate = request.IncludePrivate && ApiKey is not null && request.Authorization == ApiKey;
                matching = all.Where(p => showPrivate || p["private"]?.GetValue<bool>() != true).Where(filter)
                    .OrderBy(p => p["id"]!.GetValue<string>(), StringComparer.Ordinal).Select(p => p.DeepClone().AsObject()).ToList();
            }
        }
        catch (FormatException e)
        {
            await WriteAsync(context, 400, new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["message"] = e.Message } });
            return;
        }
        var page = matching.Skip(IgnoreStart ? 0 : request.Start).Take(request.Rows).ToList();
        await WriteAsync(context, 200, new JsonObject
        {
            ["help"] = $"{BaseUrl}/api/3/action/help_show?name=package_search",
            ["success"] = true,
            ["result"] = new JsonObject
            {
                ["count"] = matching.Count, ["sort"] = request.Sort ?? "score desc, metadata_modified desc", ["facets"] = new JsonObject(),
                ["results"] = new JsonArray(page.Select(p => (JsonNode)p).ToArray()), ["search_facets"] = new JsonObject(),
            },
        });
        AfterPage?.Invoke(request);
    }

    /// <summary>group_show / organization_show: the group as the site's datasets name it, with a description and an image.</summary>
    private async Task ShowGroupAsync(HttpContext context, string site, bool organization, string id)
    {
        JsonObject? found;
        lock (_lock)
        {
            var packages = _sites.TryGetValue(site, out var list) ? list : [];
            found = (organization
                    ? packages.Select(p => p["organization"] as JsonObject)
                    : packages.SelectMany(p => (p["groups"] as JsonArray ?? []).Select(g => g as JsonObject)))
                .FirstOrDefault(g => g?["name"]?.GetValue<string>() == id)?.DeepClone().AsObject();
        }
        if (found is null || Unshowable.Contains(id))
        {
            await WriteAsync(context, 404, new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["message"] = "Not found", ["__type"] = "Not Found Error" } });
            return;
        }
        found["image_display_url"] = $"{BaseUrl}/uploads/group/{id}.png";
        found["package_count"] = 1;
        await WriteAsync(context, 200, new JsonObject { ["success"] = true, ["result"] = found });
    }

    public static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    [GeneratedRegex(@"(?<neg>-?)\((?<group>[^)]*)\)|(?<neg>-?)(?<field>[a-z_]+):(?<value>\[[^\]]*\]|""[^""]*""|\S+)")]
    private static partial Regex FqTerm();

    [GeneratedRegex(@"^\[(?<from>\S+) TO \*\]$")]
    private static partial Regex Range();

    /// <summary>The fq terms this harvester sends, ANDed as Solr does; anything else is a 400.</summary>
    private static Func<JsonObject, bool> Filter(string? fq)
    {
        if (string.IsNullOrWhiteSpace(fq)) return _ => true;
        var terms = new List<Func<JsonObject, bool>>();
        var rest = FqTerm().Replace(fq, m =>
        {
            Func<JsonObject, bool> term;
            if (m.Groups["group"].Success)
            {
                var alternatives = m.Groups["group"].Value.Split(" OR ").Select(a =>
                {
                    var parts = a.Split(':', 2);
                    if (parts.Length != 2) throw new FormatException($"cannot parse '{a}'");
                    return Field(parts[0], parts[1]);
                }).ToList();
                term = p => alternatives.Any(a => a(p));
            }
            else term = Field(m.Groups["field"].Value, m.Groups["value"].Value);
            terms.Add(m.Groups["neg"].Value == "-" ? p => !term(p) : term);
            return "";
        });
        if (rest.Trim().Length > 0) throw new FormatException($"cannot parse fq '{fq}'");
        return p => terms.All(t => t(p));
    }

    private static Func<JsonObject, bool> Field(string field, string value)
    {
        value = value.Trim('"');
        return field switch
        {
            "organization" => p => p["organization"]?["name"]?.GetValue<string>() == value,
            "groups" => p => p["groups"]!.AsArray().Any(g => g!["name"]!.GetValue<string>() == value),
            "metadata_modified" when Range().Match(value) is { Success: true } range =>
                p => DateTime.Parse(p["metadata_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                     >= DateTime.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => throw new FormatException($"unsupported fq field '{field}:{value}'"),
        };
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
