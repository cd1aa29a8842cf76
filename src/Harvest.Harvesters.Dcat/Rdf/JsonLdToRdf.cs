using System.Globalization;
using System.Numerics;
using System.Text;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Turns expanded JSON-LD into triples (Deserialize JSON-LD to RDF, section 6.1, without building the node map:
/// each node object emits its own triples). Triples of named graphs (@graph on a node with an @id) are merged
/// into the default graph, as a harvester wants every statement; IRIs that are not absolute are skipped, as the
/// algorithm says, and so are blank node predicates (generalized RDF).
/// </summary>
internal sealed class JsonLdToRdf(ITripleSink sink, BlankNodeScope blankNodes)
{
    public void Emit(IEnumerable<JNode> expanded)
    {
        foreach (var item in expanded)
        {
            if (item is JObject node && IsNodeObject(node)) Node(node);
        }
    }

    private static bool IsNodeObject(JObject map) => !map.ContainsKey("@value") && !map.ContainsKey("@list") && !map.ContainsKey("@set");

    /// <summary>Emits the node's triples and those of the nodes inside it; returns its subject, or null if its @id is not usable.</summary>
    private RdfTerm? Node(JObject node)
    {
        RdfTerm? subject = node.Get("@id") is JString id ? Resource(id.Value) : blankNodes.Fresh();

        if (node.Get("@type") is JArray types)
        {
            foreach (var type in types.Items.OfType<JString>())
            {
                if (subject is not null && Resource(type.Value) is { } typeTerm) Add(subject, RdfVocab.Type, typeTerm);
            }
        }

        foreach (var (key, value) in node.Entries)
        {
            switch (key)
            {
                case "@id" or "@type" or "@index":
                    continue;
                case "@graph" or "@included":
                    foreach (var item in ((JArray)value).Items)
                    {
                        if (item is JObject inner && IsNodeObject(inner)) Node(inner);
                    }
                    continue;
                case "@reverse":
                    foreach (var (property, items) in ((JObject)value).Entries)
                    {
                        var predicate = Predicate(property);
                        foreach (var item in ((JArray)items).Items)
                        {
                            if (item is not JObject reverseNode) continue;
                            var reverseSubject = Node(reverseNode);
                            if (predicate is not null && subject is not null && reverseSubject is not null) Add(reverseSubject, predicate, subject);
                        }
                    }
                    continue;
            }
            if (JsonLdKeywords.IsKeyword(key) || value is not JArray values) continue;
            var p = Predicate(key);
            foreach (var item in values.Items)
            {
                var @object = Object(item);
                if (subject is not null && p is not null && @object is not null) Add(subject, p, @object);
            }
        }
        return subject;
    }

    private RdfTerm? Object(JNode item)
    {
        if (item is not JObject map) return null;
        if (map.Get("@list") is JArray list) return List(list.Items);
        if (map.ContainsKey("@value")) return Value(map);
        return Node(map);
    }

    private RdfTerm List(List<JNode> items)
    {
        var terms = items.Select(Object).Where(t => t is not null).ToList();
        if (terms.Count == 0) return RdfVocab.Nil;
        var head = blankNodes.Fresh();
        var cell = head;
        for (var i = 0; i < terms.Count; i++)
        {
            Add(cell, RdfVocab.First, terms[i]!);
            var next = i + 1 < terms.Count ? blankNodes.Fresh() : null;
            Add(cell, RdfVocab.Rest, next ?? (RdfTerm)RdfVocab.Nil);
            if (next is not null) cell = next;
        }
        return head;
    }

    private Literal? Value(JObject map)
    {
        var value = map["@value"];
        var type = (map.Get("@type") as JString)?.Value;
        if (type == "@json") return new Literal(CanonicalJson(value), RdfVocab.Json);
        if (type is not null && (!IriResolver.IsAbsolute(type) || type.StartsWith("_:", StringComparison.Ordinal))) return null;
        var datatype = type is null ? null : new Iri(type);
        switch (value)
        {
            case JBool b:
                return new Literal(b.Value ? "true" : "false", datatype ?? XsdVocab.Boolean);
            case JNumber n:
                var isDouble = datatype?.Equals(XsdVocab.Double) == true || !IsIntegral(n.Text);
                return isDouble ? new Literal(CanonicalDouble(n.Text), datatype ?? XsdVocab.Double) : new Literal(CanonicalInteger(n.Text), datatype ?? XsdVocab.Integer);
            case JString s:
                if (map.Get("@language") is JString language) return Literal.LanguageTagged(s.Value, language.Value);
                return new Literal(s.Value, datatype ?? XsdVocab.String);
            default:
                return null;
        }
    }

    /// <summary>A JSON number is an integer for RDF when it has no fractional part and is below 10^21.</summary>
    private static bool IsIntegral(string text)
    {
        if (text.IndexOfAny(['.', 'e', 'E']) < 0) return BigInteger.Abs(BigInteger.Parse(text, CultureInfo.InvariantCulture)) < BigInteger.Pow(10, 21);
        var d = double.Parse(text, CultureInfo.InvariantCulture);
        return Math.Floor(d) == d && Math.Abs(d) < 1e21;
    }

    private static string CanonicalInteger(string text) =>
        text.IndexOfAny(['.', 'e', 'E']) < 0
            ? BigInteger.Parse(text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : new BigInteger(double.Parse(text, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The canonical xsd:double form JSON-LD asks for: one digit, a point, at least one more digit, E and the exponent (1.1E0).</summary>
    internal static string CanonicalDouble(string text)
    {
        var d = double.Parse(text, CultureInfo.InvariantCulture);
        if (d == 0) return double.IsNegative(d) ? "-0.0E0" : "0.0E0";
        var shortest = Math.Abs(d).ToString("E16", CultureInfo.InvariantCulture);
        // Find the shortest digits that read back as the same double.
        for (var precision = 1; precision <= 17; precision++)
        {
            var candidate = Math.Abs(d).ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
            if (double.Parse(candidate, CultureInfo.InvariantCulture) == Math.Abs(d))
            {
                shortest = candidate;
                break;
            }
        }
        var parts = shortest.Split('E');
        var mantissa = parts[0].TrimEnd('0');
        if (mantissa.EndsWith('.')) mantissa += "0";
        if (!mantissa.Contains('.')) mantissa += ".0";
        var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return (d < 0 ? "-" : "") + mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>JSON Canonicalization Scheme (RFC 8785), as far as our number text allows.</summary>
    private static string CanonicalJson(JNode node)
    {
        var sb = new StringBuilder();
        Write(node);
        return sb.ToString();

        void Write(JNode value)
        {
            switch (value)
            {
                case JNull: sb.Append("null"); break;
                case JBool b: sb.Append(b.Value ? "true" : "false"); break;
                case JNumber n:
                    var d = double.Parse(n.Text, CultureInfo.InvariantCulture);
                    sb.Append(d.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+").Replace("E-", "e-"));
                    break;
                case JString s: sb.Append(System.Text.Json.JsonSerializer.Serialize(s.Value, JsonEscaping.Options)); break;
                case JArray array:
                    sb.Append('[');
                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        Write(array.Items[i]);
                    }
                    sb.Append(']');
                    break;
                case JObject obj:
                    sb.Append('{');
                    var first = true;
                    foreach (var key in obj.Keys.Order(StringComparer.Ordinal))
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(System.Text.Json.JsonSerializer.Serialize(key, JsonEscaping.Options)).Append(':');
                        Write(obj[key]);
                    }
                    sb.Append('}');
                    break;
            }
        }
    }

    private static class JsonEscaping
    {
        public static readonly System.Text.Json.JsonSerializerOptions Options = new()
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
    }

    private RdfTerm? Resource(string value)
    {
        if (value.StartsWith("_:", StringComparison.Ordinal)) return blankNodes.ForLabel(value[2..]);
        return IriResolver.IsAbsolute(value) ? new Iri(value) : null;
    }

    private static Iri? Predicate(string value) =>
        !value.StartsWith("_:", StringComparison.Ordinal) && IriResolver.IsAbsolute(value) ? new Iri(value) : null;

    private void Add(RdfTerm subject, Iri predicate, RdfTerm @object) => sink.Add(new Triple(subject, predicate, @object));
}
