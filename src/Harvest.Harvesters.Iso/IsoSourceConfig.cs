using System.Globalization;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Sources;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// The config keys the ISO harvester types (<c>csw</c>, <c>waf</c>) share, their checks, and their values read from a
/// config those checks normalised.
/// </summary>
public sealed record IsoSourceConfig
{
    public const int DefaultMaxKeywords = 1000;
    public const int MaxKeywordsLimit = 1_000_000;

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new("default_tags", "list of strings", "Tags added to every harvested dataset."),
        new("default_groups", "list of strings", "Groups (by name) every harvested dataset joins; created in the local catalog when missing."),
        new("default_extras", "object of strings", "Extras added to every harvested dataset; an extra the record itself gives under the same key is kept."),
        new("max_keywords", "integer",
            $"Most gmd:keyword entries a record may have (1-{MaxKeywordsLimit.ToString("N0", CultureInfo.InvariantCulture)}); a record with more is an error naming the count.",
            DefaultMaxKeywords.ToString(CultureInfo.InvariantCulture)),
        new("require_nil_reasons", "boolean",
            "A mandatory ISO property written empty without a gco:nilReason (an empty gmd:role, say) makes the record an error, as ISO 19139 and " +
            "datagov-harvester have it; false reads such a property as having no value.", "true"),
        new("delete_missing", "boolean", "After a complete gather, datasets of this source whose records are no longer listed are marked deleted.", "false"),
        new("rate_limit", "number", "Most requests per second sent to the remote server; unset or 0 for no limit."),
    ];

    public IReadOnlyList<string> DefaultTags { get; init; } = [];
    public IReadOnlyList<string> DefaultGroups { get; init; } = [];
    public IReadOnlyDictionary<string, string> DefaultExtras { get; init; } = new Dictionary<string, string>();
    public int MaxKeywords { get; init; } = DefaultMaxKeywords;
    public bool RequireNilReasons { get; init; } = true;
    public bool DeleteMissing { get; init; }
    public double? RateLimit { get; init; }

    /// <summary>How records of the source are read.</summary>
    public IsoReadOptions ReadOptions => new() { MaxKeywords = MaxKeywords, RequireNilReasons = RequireNilReasons };

    /// <summary>
    /// Checks a config with the shared keys and a type's own: every key by its declared type, unknown keys refused,
    /// the shared ranges, then <paramref name="check"/> for the type's own rules (given the raw config; it returns one
    /// message per bad key). All messages come back together.
    /// </summary>
    public static ConfigValidation Validate(JsonObject config, IReadOnlyList<ConfigKeyInfo> keys, Func<JsonObject, IEnumerable<string>>? check = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var byType = SourceConfig.ByDeclaredTypes(keys, config);
        var errors = byType.Errors.ToList();
        if (WholeNumber(config["max_keywords"]) is { } max && max is < 1 or > MaxKeywordsLimit)
            errors.Add($"'max_keywords' must be from 1 to {MaxKeywordsLimit.ToString("N0", CultureInfo.InvariantCulture)}");
        if (Number(config["rate_limit"]) is { } rate && rate < 0)
            errors.Add("'rate_limit' must be a number of requests per second, 0 or more");
        if (check is not null) errors.AddRange(check(config));
        return errors.Count == 0 ? byType : ConfigValidation.Invalid(errors);
    }

    /// <summary>Reads the shared keys of a normalised config.</summary>
    public static IsoSourceConfig From(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new IsoSourceConfig
        {
            DefaultTags = Strings(config["default_tags"]),
            DefaultGroups = Strings(config["default_groups"]),
            DefaultExtras = config["default_extras"] is JsonObject extras
                ? extras.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(),
            MaxKeywords = WholeNumber(config["max_keywords"]) ?? DefaultMaxKeywords,
            RequireNilReasons = Flag(config["require_nil_reasons"]) ?? true,
            DeleteMissing = Flag(config["delete_missing"]) ?? false,
            RateLimit = Number(config["rate_limit"]),
        };
    }

    /// <summary>The source's rate limit for its HTTP calls, asking for <paramref name="accept"/>.</summary>
    public HttpCallOptions CallOptions(HarvestContext context, string accept)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new HttpCallOptions { RateLimitKey = context.Source.SourceId, RequestsPerSecond = RateLimit, Accept = accept };
    }

    /// <summary>A whole number, written as a JSON number or a string; null otherwise.</summary>
    public static int? WholeNumber(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) => l > int.MaxValue ? int.MaxValue : l < int.MinValue ? int.MinValue : (int)l,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    /// <summary>A number, written as a JSON number or a string; null otherwise.</summary>
    public static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => null,
    };

    private static bool? Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(i => i?.ToString() ?? "").Where(s => s.Length > 0).ToList() : [];
}
