using System.Text.Json.Nodes;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>Reads a node description written by <see cref="NodeDescriber"/>: its IRI, types, literals and the nodes it points to.</summary>
internal sealed class DescribedNode(JsonObject json)
{
    /// <summary>Properties whose literal is a node's human name, in the order they are tried.</summary>
    private static readonly string[] LabelKeys =
    [
        "skos:prefLabel", "foaf:name", "vcard:fn", "vcard:organization-name", "rdfs:label", "dct:title", "schema:name",
        "skos:altLabel", "rdf:value", "skos:notation",
    ];

    public JsonObject Json { get; } = json;

    /// <summary>The node's IRI; null for a blank node.</summary>
    public string? Id => Json["@id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;

    public IEnumerable<string> Types => Items("@type").OfType<JsonValue>().Select(v => v.GetValue<string>());

    public bool Is(string prefixedType) => Types.Contains(prefixedType, StringComparer.Ordinal);

    public bool Has(string key) => Items(key).Any();

    /// <summary>The literals of a property (plain strings and <c>@value</c> objects).</summary>
    public IEnumerable<LiteralText> Literals(string key)
    {
        foreach (var item in Items(key))
        {
            if (item is JsonValue value && value.TryGetValue<string>(out var text))
                yield return new LiteralText(text, null, null);
            else if (item is JsonObject obj && obj["@value"] is JsonValue literal)
                yield return new LiteralText(literal.GetValue<string>(), Str(obj, "@language"), Str(obj, "@type"));
        }
    }

    /// <summary>The nodes a property points to: IRIs (described or not) and blank nodes; lists are flattened.</summary>
    public IEnumerable<DescribedNode> Nodes(string key) => NodesIn(Items(key));

    private static IEnumerable<DescribedNode> NodesIn(IEnumerable<JsonNode> items)
    {
        foreach (var item in items)
        {
            if (item is not JsonObject obj || obj.ContainsKey("@value")) continue;
            if (obj["@list"] is JsonArray list)
                foreach (var node in NodesIn(list.OfType<JsonNode>())) yield return node;
            else
                yield return new DescribedNode(obj);
        }
    }

    public string? Text(string key, LanguagePreference language) => language.One(Literals(key));

    public IEnumerable<string> Texts(string key, LanguagePreference language) => language.Many(Literals(key));

    /// <summary>A human name for the node: its first labelling property, in the preferred language.</summary>
    public string? Label(LanguagePreference language) =>
        LabelKeys.Select(key => Text(key, language)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text));

    /// <summary>
    /// What a property names, one string per value: an IRI as it is, a blank node by its label, a literal by its text
    /// (literals in the preferred language only).
    /// </summary>
    public IEnumerable<string> References(string key, LanguagePreference language) =>
        Nodes(key).Select(n => n.Id ?? n.Label(language)).Concat(Texts(key, language))
            .OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>The first of <see cref="References"/>.</summary>
    public string? Reference(string key, LanguagePreference language) => References(key, language).FirstOrDefault();

    private IEnumerable<JsonNode> Items(string key) =>
        Json[key] is JsonArray array ? array.OfType<JsonNode>() : [];

    private static string? Str(JsonObject obj, string key) => obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
