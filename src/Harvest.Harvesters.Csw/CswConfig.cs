using System.Text.Json.Nodes;

namespace Harvest.Harvesters.Csw;

/// <summary>The config of a <c>csw</c> source: its paging and query, plus the keys every ISO type shares.</summary>
public sealed record CswConfig
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 1000;

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new("page_size", "integer", $"Records asked for per GetRecords page (maxRecords, 1-{MaxPageSize}).", DefaultPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("cql", "string", "A CQL text constraint sent with GetRecords, e.g. \"apiso:TopicCategory like '%elevation%'\". Not with keywords."),
        new("keywords", "list of strings",
            "Only records with one of these keywords: an OGC filter of PropertyIsLike on apiso:Subject ('%word%'), OR-ed. Not with cql."),
        .. IsoSourceConfig.Keys,
    ];

    public required IsoSourceConfig Iso { get; init; }
    public int PageSize { get; init; } = DefaultPageSize;
    public string? Cql { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public static ConfigValidation Validate(JsonObject config) => IsoSourceConfig.Validate(config, Keys, Check);

    private static IEnumerable<string> Check(JsonObject config)
    {
        if (IsoSourceConfig.WholeNumber(config["page_size"]) is { } size && size is < 1 or > MaxPageSize)
            yield return $"'page_size' must be a whole number from 1 to {MaxPageSize}";
        if (config["cql"] is JsonValue cql && cql.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text))
            yield return "'cql' must not be empty";
        if (config["keywords"] is JsonArray words && words.Any(w => w is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s)))
            yield return "'keywords' must not hold empty keywords";
        if (config["cql"] is not null && config["keywords"] is not null)
            yield return "'cql' and 'keywords' cannot be used together: put the keywords in the CQL text";
    }

    /// <summary>Reads a config that <see cref="Validate"/> normalised.</summary>
    public static CswConfig From(JsonObject config) => new()
    {
        Iso = IsoSourceConfig.From(config),
        PageSize = IsoSourceConfig.WholeNumber(config["page_size"]) ?? DefaultPageSize,
        Cql = config["cql"] is JsonValue cql && cql.TryGetValue<string>(out var text) && text.Length > 0 ? text : null,
        Keywords = config["keywords"] is JsonArray words ? words.Select(w => w!.ToString()).Where(w => w.Length > 0).ToList() : [],
    };
}
