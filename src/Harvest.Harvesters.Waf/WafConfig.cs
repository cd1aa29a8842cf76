using System.Globalization;
using System.Text.Json.Nodes;

namespace Harvest.Harvesters.Waf;

/// <summary>The config of a <c>waf</c> source: how deep it follows sub-folders, plus the keys every ISO type shares.</summary>
public sealed record WafConfig
{
    public const int DefaultMaxDepth = 10;
    public const int MaxDepthLimit = 100;

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new("max_depth", "integer",
            $"How many levels of sub-folders below the source URL are listed (0: only its own folder; at most {MaxDepthLimit}). A deeper folder is not " +
            "listed and the gather counts as incomplete.", DefaultMaxDepth.ToString(CultureInfo.InvariantCulture)),
        .. IsoSourceConfig.Keys,
    ];

    public required IsoSourceConfig Iso { get; init; }
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    public static ConfigValidation Validate(JsonObject config) => IsoSourceConfig.Validate(config, Keys, Check);

    private static IEnumerable<string> Check(JsonObject config)
    {
        if (IsoSourceConfig.WholeNumber(config["max_depth"]) is { } depth && depth is < 0 or > MaxDepthLimit)
            yield return $"'max_depth' must be a whole number from 0 to {MaxDepthLimit}";
    }

    /// <summary>Reads a config that <see cref="Validate"/> normalised.</summary>
    public static WafConfig From(JsonObject config) => new()
    {
        Iso = IsoSourceConfig.From(config),
        MaxDepth = IsoSourceConfig.WholeNumber(config["max_depth"]) ?? DefaultMaxDepth,
    };
}
