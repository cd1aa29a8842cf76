using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Sources;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>The config of a <c>dcat</c> source.</summary>
internal sealed partial record DcatConfig
{
    public const string RdfFormatKey = "rdf_format", LanguageKey = "language", DeleteMissingKey = "delete_missing",
        ContextsKey = "jsonld_contexts", DefaultTagsKey = "default_tags", DefaultGroupsKey = "default_groups", DefaultExtrasKey = "default_extras";

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new(RdfFormatKey, "string",
            "Read every page in this RDF syntax whatever its Content-Type: turtle, n-triples, rdf/xml or json-ld (rdflib's names xml, nt, " +
            "json-ld and the media types are accepted too). Unset: the Content-Type tells, else the file name, else the first bytes."),
        new(LanguageKey, "string",
            "Language tag (e.g. en, de, fr-BE) of the literals taken for titles, descriptions and keywords when a catalog gives several " +
            "languages. Unset: the literal without a language tag, else the one whose tag sorts first."),
        new(DeleteMissingKey, "boolean",
            "After a complete gather of every page, datasets of this source that the catalog no longer lists are marked deleted.", "false"),
        new(ContextsKey, "object of strings",
            "JSON-LD remote contexts by URL, each mapped to a local copy (a file path): remote contexts are never fetched, and a page naming " +
            "one that is not mapped fails the gather naming it."),
        new(DefaultTagsKey, "list of strings", "Tags added to every dataset of the source."),
        new(DefaultGroupsKey, "list of strings", "Groups (by name) every dataset of the source joins."),
        new(DefaultExtrasKey, "object of strings", "Extras added to every dataset; a value the dataset has itself wins."),
    ];

    public RdfFormat? Format { get; init; }
    public LanguagePreference Language { get; init; } = new(null);
    public bool DeleteMissing { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Contexts { get; init; } = [];
    public IReadOnlyList<string> DefaultTags { get; init; } = [];
    public IReadOnlyList<string> DefaultGroups { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> DefaultExtras { get; init; } = [];

    /// <summary>The config as <see cref="Validate"/> normalised it.</summary>
    public static DcatConfig From(JsonObject config) => new()
    {
        Format = config[RdfFormatKey] is JsonValue f ? ParseFormat(f.GetValue<string>()) : null,
        Language = new LanguagePreference(config[LanguageKey] is JsonValue l ? l.GetValue<string>() : null),
        DeleteMissing = config[DeleteMissingKey] is JsonValue d && d.GetValue<bool>(),
        Contexts = Map(config[ContextsKey]),
        DefaultTags = List(config[DefaultTagsKey]),
        DefaultGroups = List(config[DefaultGroupsKey]),
        DefaultExtras = Map(config[DefaultExtrasKey]),
    };

    public static ConfigValidation Validate(JsonObject config)
    {
        var reader = new ConfigReader(config, Keys);
        reader.String(RdfFormatKey);
        reader.String(LanguageKey);
        reader.Boolean(DeleteMissingKey);
        reader.StringMap(ContextsKey);
        reader.StringList(DefaultTagsKey);
        reader.StringList(DefaultGroupsKey);
        reader.StringMap(DefaultExtrasKey);
        var result = reader.Finish();
        var errors = result.Errors.ToList();
        // The values the reader accepted as strings are checked further; the reader reported the others.
        if (config[RdfFormatKey] is JsonValue format && format.TryGetValue<string>(out var formatName))
        {
            var parsed = ParseFormat(formatName);
            if (parsed is null) errors.Add($"'{RdfFormatKey}' must be turtle, n-triples, rdf/xml or json-ld, not \"{formatName}\"");
            else if (result.Config is { } ok) ok[RdfFormatKey] = FormatName(parsed.Value);
        }
        if (config[LanguageKey] is JsonValue language && language.TryGetValue<string>(out var tag) && !LanguageTag().IsMatch(tag.Trim()))
            errors.Add($"'{LanguageKey}' must be a language tag such as en or pt-BR, not \"{tag}\"");
        if (config[ContextsKey] is JsonObject contexts)
            foreach (var (url, path) in contexts)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    errors.Add($"'{ContextsKey}' maps \"{url}\", which is not an http(s) URL");
                else if (path is JsonValue value && string.IsNullOrWhiteSpace(value.ToString()))
                    errors.Add($"'{ContextsKey}' maps {url} to an empty path");
            }
        var normalised = result.Config;
        return errors.Count == 0 && normalised is not null ? ConfigValidation.Valid(normalised) : ConfigValidation.Invalid(errors);
    }

    public static RdfFormat? ParseFormat(string name) => name.Trim().ToLowerInvariant() switch
    {
        "turtle" or "ttl" or "n3" => RdfFormat.Turtle,
        "n-triples" or "ntriples" or "nt" or "nt11" => RdfFormat.NTriples,
        "rdf/xml" or "rdfxml" or "rdf+xml" or "xml" or "pretty-xml" or "rdf" => RdfFormat.RdfXml,
        "json-ld" or "jsonld" => RdfFormat.JsonLd,
        var other => RdfFormatDetector.FromContentType(other) is { } byType && other.Contains('/') ? byType : null,
    };

    public static string FormatName(RdfFormat format) => format switch
    {
        RdfFormat.Turtle => "turtle",
        RdfFormat.NTriples => "n-triples",
        RdfFormat.RdfXml => "rdf/xml",
        _ => "json-ld",
    };

    [GeneratedRegex("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    private static List<string> List(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(i => i!.GetValue<string>()).Where(s => s.Length > 0)] : [];

    private static List<KeyValuePair<string, string>> Map(JsonNode? node) =>
        node is JsonObject map ? [.. map.Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))] : [];
}
