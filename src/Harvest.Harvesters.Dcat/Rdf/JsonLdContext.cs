namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>A term definition of a JSON-LD active context (JSON-LD 1.1 API, section 4.2).</summary>
internal sealed class JsonLdTerm
{
    /// <summary>The IRI, blank node id or keyword the term stands for; null when the term is mapped to null.</summary>
    public string? Iri;
    public bool Prefix;
    public bool Protected;
    public bool Reverse;
    public string? Type;
    public bool HasLanguage;
    public string? Language;
    public bool HasDirection;
    public string? Direction;
    public IReadOnlyList<string> Container = [];
    public string? Index;
    public string? Nest;
    /// <summary>The scoped context (@context in the definition) and the base URL it is resolved against.</summary>
    public JNode? Context;
    public string? BaseUrl;

    public bool HasContainer(string keyword) => Container.Contains(keyword);

    /// <summary>Equal apart from the protected flag: a protected term may be "redefined" to the same thing.</summary>
    public bool SameAs(JsonLdTerm other) =>
        Iri == other.Iri && Prefix == other.Prefix && Reverse == other.Reverse && Type == other.Type
        && HasLanguage == other.HasLanguage && Language == other.Language
        && HasDirection == other.HasDirection && Direction == other.Direction
        && Container.SequenceEqual(other.Container) && Index == other.Index && Nest == other.Nest
        && JsonEquals(Context, other.Context) && BaseUrl == other.BaseUrl;

    private static bool JsonEquals(JNode? a, JNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JNull, JNull) => true,
        (JString x, JString y) => x.Value == y.Value,
        (JNumber x, JNumber y) => x.Text == y.Text,
        (JBool x, JBool y) => x.Value == y.Value,
        (JArray x, JArray y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => JsonEquals(p.First, p.Second)),
        (JObject x, JObject y) => x.Count == y.Count && x.Keys.All(k => y.TryGet(k, out var v) && JsonEquals(x[k], v)),
        _ => false,
    };
}

/// <summary>A JSON-LD active context. Never changed once built: processing a local context makes a new one.</summary>
internal sealed class JsonLdContext
{
    public Dictionary<string, JsonLdTerm> Terms { get; private init; } = new(StringComparer.Ordinal);
    public string? BaseIri { get; set; }
    public string? OriginalBaseIri { get; init; }
    public string? Vocab { get; set; }
    public string? DefaultLanguage { get; set; }
    public string? DefaultDirection { get; set; }
    /// <summary>The context to return to for nested node objects, after a type-scoped context (which does not propagate).</summary>
    public JsonLdContext? Previous { get; set; }

    public static JsonLdContext Initial(string? baseIri) => new() { BaseIri = baseIri, OriginalBaseIri = baseIri };

    public JsonLdContext Clone() => new()
    {
        Terms = new Dictionary<string, JsonLdTerm>(Terms, StringComparer.Ordinal),
        BaseIri = BaseIri,
        OriginalBaseIri = OriginalBaseIri,
        Vocab = Vocab,
        DefaultLanguage = DefaultLanguage,
        DefaultDirection = DefaultDirection,
        Previous = Previous,
    };

    public JsonLdTerm? Term(string? name) => name is not null && Terms.TryGetValue(name, out var term) ? term : null;
}

internal static class JsonLdKeywords
{
    private static readonly HashSet<string> All =
    [
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
        "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab", "@default", "@embed", "@explicit", "@null", "@omitDefault", "@requireAll",
    ];

    public static bool IsKeyword(string? value) => value is not null && All.Contains(value);

    /// <summary>"@" followed by letters only: reserved for future keywords, and ignored (JSON-LD 1.1 section 3.2).</summary>
    public static bool LooksLikeKeyword(string value)
    {
        if (value.Length < 2 || value[0] != '@') return false;
        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiLetter(value[i])) return false;
        }
        return true;
    }
}
