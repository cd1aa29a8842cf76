using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harvest.Harvesters.Ckan;

/// <summary>
/// The config of a CKAN source: ckanext-harvest's <c>ckan_harvester</c> keys with their meaning, plus
/// <c>delete_missing</c>, <c>include_private</c>, <c>page_size</c> and <c>rate_limit</c>.
/// </summary>
public sealed record CkanConfig
{
    public const string OnlyLocal = "only_local";
    public const string Create = "create";

    /// <summary>
    /// The slowest rate_limit accepted: one request a minute. Slower, a job sits waiting between pages far longer than
    /// the longest wait Harvest otherwise makes between two requests (2 minutes, a Retry-After's cap), and a tiny value
    /// (0.000001) would space requests days apart, a job that never ends; 0 or less would divide by zero.
    /// </summary>
    public const double MinRateLimit = 1.0 / 60;

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new("api_version", "integer", "Version of the remote action API: 3 (/api/3/action/...) or 2 (/api/2/action/...). The legacy v1 REST API is not supported.", "3"),
        new("default_tags", "list of strings", "Tags added to every harvested dataset: a list of strings, or of objects with a \"name\", as ckanext-harvest accepts."),
        new("default_groups", "list of strings", "Groups (a list of names) every harvested dataset joins; created in the local catalog when missing."),
        new("default_extras", "object of strings",
            "Extras added to every dataset. Values may use {dataset_id}, {harvest_source_id}, {harvest_source_url}, {harvest_source_title}, " +
            "{harvest_job_id} and {harvest_object_id}. An extra the remote dataset already has is kept unless override_extras is true."),
        new("override_extras", "boolean", "default_extras replace extras of the same key that the remote dataset has.", "false"),
        new("user", "string", "The local user the harvest acts as (kept for compatibility; this catalog has no users)."),
        new("api_key", "string", "Key or token for the remote site, sent as the Authorization header; never logged or shown."),
        new("read_only", "boolean", "Harvested datasets are read-only (kept for compatibility; this catalog has no editors).", "false"),
        new("force_all", "boolean", "Always gather every remote dataset instead of only those modified since the last error-free job.", "false"),
        new("remote_groups", "string", "Keep the remote datasets' groups: only_local (those that exist locally) or create (copy missing ones); unset ignores them."),
        new("remote_orgs", "string", "Keep the remote datasets' organization: only_local (if it exists locally) or create (copy it); unset uses the source's organization."),
        new("clean_tags", "boolean", "Tags are lower-cased, stripped of accents and of characters other than letters, digits, '-' and spaces, and spaces become '-'.", "false"),
        new("organizations_filter_include", "list of strings", "Only datasets of these organizations (names). Not with organizations_filter_exclude."),
        new("organizations_filter_exclude", "list of strings", "No datasets of these organizations (names). Not with organizations_filter_include."),
        new("groups_filter_include", "list of strings", "Only datasets in one of these groups (names). Not with groups_filter_exclude."),
        new("groups_filter_exclude", "list of strings", "No datasets in these groups (names). Not with groups_filter_include."),
        new("delete_missing", "boolean", "After a full, successful gather, datasets of this source that the remote no longer lists are marked deleted.", "false"),
        new("include_private", "boolean", "Also harvest private datasets the api_key may see (needs api_key).", "false"),
        new("page_size", "integer", "Datasets asked for per package_search page (1-1000).", "1000"),
        new("rate_limit", "number", "Most requests per second sent to the remote site, at least 1/60 (one a minute); unset for no limit."),
        new("user_agent", "string", "The User-Agent header sent to the remote site instead of Harvest's own."),
    ];

    public int ApiVersion { get; init; } = 3;
    public IReadOnlyList<string> DefaultTags { get; init; } = [];
    public IReadOnlyList<string> DefaultGroups { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> DefaultExtras { get; init; } = [];
    public bool OverrideExtras { get; init; }
    public string? User { get; init; }
    public string? ApiKey { get; init; }
    public bool ReadOnly { get; init; }
    public bool ForceAll { get; init; }
    public string? RemoteGroups { get; init; }
    public string? RemoteOrgs { get; init; }
    public bool CleanTags { get; init; }
    public IReadOnlyList<string> OrganizationsInclude { get; init; } = [];
    public IReadOnlyList<string> OrganizationsExclude { get; init; } = [];
    public IReadOnlyList<string> GroupsInclude { get; init; } = [];
    public IReadOnlyList<string> GroupsExclude { get; init; } = [];
    public bool DeleteMissing { get; init; }
    public bool IncludePrivate { get; init; }
    public int PageSize { get; init; } = 1000;
    public double? RateLimit { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>Checks a config and returns it normalised (lists as arrays, numbers as numbers), or one message per bad key.</summary>
    public static ConfigValidation Validate(JsonObject config)
    {
        var errors = new List<string>();
        var normalised = new JsonObject();
        foreach (var (key, node) in config)
        {
            var known = Keys.FirstOrDefault(k => k.Key == key);
            if (known is null)
            {
                errors.Add($"unknown key '{key}' (known keys: {string.Join(", ", Keys.Select(k => k.Key))})");
                continue;
            }
            if (node is null) continue;
            var value = Normalise(key, node, out var error);
            if (error is not null) errors.Add(error);
            else if (value is not null) normalised[key] = value;
        }
        foreach (var (include, exclude) in new[] { ("organizations_filter_include", "organizations_filter_exclude"), ("groups_filter_include", "groups_filter_exclude") })
            if (HasItems(normalised, include) && HasItems(normalised, exclude))
                errors.Add($"'{include}' and '{exclude}' cannot be used together");
        if (normalised["include_private"] is JsonValue p && p.GetValue<bool>() && normalised["api_key"] is null)
            errors.Add("'include_private' needs an 'api_key': private datasets are only listed for a user the remote site knows");
        return errors.Count == 0 ? ConfigValidation.Valid(normalised) : ConfigValidation.Invalid(errors);
    }

    private static bool HasItems(JsonObject config, string key) => config[key] is JsonArray { Count: > 0 };

    private static JsonNode? Normalise(string key, JsonNode node, out string? error)
    {
        error = null;
        switch (key)
        {
            case "api_version":
                if (Integer(node) is { } version && version is 2 or 3) return version;
                error = "'api_version' must be 3 or 2 (the action API; the legacy v1 REST API is not supported)";
                return null;
            case "page_size":
                if (Integer(node) is { } size && size is >= 1 and <= 1000) return size;
                error = "'page_size' must be a whole number from 1 to 1000";
                return null;
            case "rate_limit":
                if (Number(node) is { } rate && rate >= MinRateLimit && double.IsFinite(rate)) return rate;
                error = $"'rate_limit' is {node.ToJsonString()}, but it must be a number of requests per second of at least {MinRateLimit:0.####} " +
                    "(one a minute); leave it out for no limit";
                return null;
            case "override_extras" or "read_only" or "force_all" or "clean_tags" or "delete_missing" or "include_private":
                if (node is JsonValue b && b.TryGetValue<bool>(out var flag)) return flag;
                error = $"'{key}' must be true or false";
                return null;
            case "user" or "api_key" or "user_agent":
                if (node is JsonValue s && s.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)) return text.Trim();
                error = $"'{key}' must be a non-empty string";
                return null;
            case "remote_groups" or "remote_orgs":
                if (node is JsonValue m && m.TryGetValue<string>(out var mode) && mode is OnlyLocal or Create) return mode;
                error = $"'{key}' must be '{OnlyLocal}' or '{Create}'";
                return null;
            case "default_extras":
                if (node is JsonObject map && map.All(p => p.Value is JsonValue))
                {
                    var copy = new JsonObject();
                    foreach (var (name, value) in map) copy[name] = value!.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                    return copy;
                }
                error = "'default_extras' must be an object of string values";
                return null;
            case "default_tags" when node is not JsonArray:
                error = "'default_tags' must be a list of tags (strings, or objects with a \"name\"), not a single value";
                return null;
            case "default_groups" when node is not JsonArray array || !array.All(i => i is JsonValue v && v.TryGetValue<string>(out _)):
                error = "'default_groups' must be a list of group names (strings)";
                return null;
            default: // the lists: tags, groups and the filters (a filter may also be one comma-separated string)
                var items = Names(node);
                if (items is not null) return new JsonArray(items.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
                error = $"'{key}' must be a list of names (strings, or objects with a \"name\")";
                return null;
        }
    }

    /// <summary>A list of strings, of {"name": ...} objects (ckanext-harvest's default_tags), or one comma-separated string.</summary>
    private static List<string>? Names(JsonNode node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var single))
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (node is not JsonArray array) return null;
        var names = new List<string>();
        foreach (var item in array)
        {
            string? name = item switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var s) => s,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(name)) return null;
            names.Add(name.Trim());
        }
        return names;
    }

    private static int? Integer(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static double? Number(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>Reads a config that <see cref="Validate"/> normalised.</summary>
    public static CkanConfig From(JsonObject config)
    {
        static IReadOnlyList<string> List(JsonObject c, string key) => c[key] is JsonArray a ? a.Select(i => i!.GetValue<string>()).ToList() : [];
        static bool Flag(JsonObject c, string key) => c[key] is JsonValue v && v.GetValue<bool>();
        static string? Text(JsonObject c, string key) => c[key] is JsonValue v ? v.GetValue<string>() : null;
        return new CkanConfig
        {
            ApiVersion = config["api_version"] is JsonValue version ? version.GetValue<int>() : 3,
            DefaultTags = List(config, "default_tags"),
            DefaultGroups = List(config, "default_groups"),
            DefaultExtras = config["default_extras"] is JsonObject extras
                ? extras.Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())).ToList()
                : [],
            OverrideExtras = Flag(config, "override_extras"),
            User = Text(config, "user"),
            ApiKey = Text(config, "api_key"),
            ReadOnly = Flag(config, "read_only"),
            ForceAll = Flag(config, "force_all"),
            RemoteGroups = Text(config, "remote_groups"),
            RemoteOrgs = Text(config, "remote_orgs"),
            CleanTags = Flag(config, "clean_tags"),
            OrganizationsInclude = List(config, "organizations_filter_include"),
            OrganizationsExclude = List(config, "organizations_filter_exclude"),
            GroupsInclude = List(config, "groups_filter_include"),
            GroupsExclude = List(config, "groups_filter_exclude"),
            DeleteMissing = Flag(config, "delete_missing"),
            IncludePrivate = Flag(config, "include_private"),
            PageSize = config["page_size"] is JsonValue size ? size.GetValue<int>() : 1000,
            RateLimit = config["rate_limit"] is JsonValue rate ? rate.GetValue<double>() : null,
            UserAgent = Text(config, "user_agent"),
        };
    }

    /// <summary>Never shows the api_key.</summary>
    public override string ToString() => $"CkanConfig {{ api_version = {ApiVersion}, api_key = {(ApiKey is null ? "none" : ConfigSecrets.Mask)} }}";
}
