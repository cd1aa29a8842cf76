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
        RdfTerm? subject = node.Get("@id") switch
        {
            JString id => Resource(id.Value),
            JNull => null,
            _ => blankNodes.Fresh(),
        };

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
                case "@graph" when subject is null:
                    // A graph whose name is not a usable IRI is dropped whole.
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

    /// <summary>One list cell per item; an item that gives no term (an unusable IRI) leaves its cell without rdf:first.</summary>
    private RdfTerm List(List<JNode> items)
    {
        if (items.Count == 0) return RdfVocab.Nil;
        var head = blankNodes.Fresh();
        var cell = head;
        for (var i = 0; i < items.Count; i++)
        {
            if (Object(items[i]) is { } term) Add(cell, RdfVocab.First, term);
            var next = i + 1 < items.Count ? blankNodes.Fresh() : null;
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
        if (type is not null && !IsWellFormedIri(type)) return null;
        var datatype = type is null ? null : new Iri(type);
        switch (value)
        {
            case JBool b:
                return new Literal(b.Value ? "true" : "false", datatype ?? XsdVocab.Boolean);
            case JNumber n:
                var isDouble = datatype?.Equals(XsdVocab.Double) == true || !IsIntegral(n.Text);
                return isDouble ? new Literal(CanonicalDouble(n.Text), datatype ?? XsdVocab.Double) : new Literal(CanonicalInteger(n.Text), datatype ?? XsdVocab.Integer);
            case JString s:
                if (map.Get("@language") is JString language)
                    return IsWellFormedLanguage(language.Value) ? Literal.LanguageTagged(s.Value, language.Value) : null;
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
        var (digits, exponent) = ShortestDigits(d);
        var mantissa = digits[..1] + "." + (digits.Length > 1 ? digits[1..] : "0");
        return (d < 0 ? "-" : "") + mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The fewest significant digits that read back as <paramref name="d"/>, and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double d)
    {
        var magnitude = Math.Abs(d);
        for (var precision = 1; precision <= 17; precision++)
        {
            var candidate = magnitude.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
            if (double.Parse(candidate, CultureInfo.InvariantCulture) != magnitude) continue;
            var parts = candidate.Split('E');
            var digits = parts[0].Replace(".", "").TrimEnd('0');
            return (digits.Length == 0 ? "0" : digits, int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException("no round-trip form for " + d);
    }

    /// <summary>A number as JavaScript's Number.prototype.toString writes it, which JCS uses.</summary>
    private static string JavaScriptNumber(string text)
    {
        var d = double.Parse(text, CultureInfo.InvariantCulture);
        if (d == 0) return "0";
        var (digits, exponent) = ShortestDigits(d);
        var sign = d < 0 ? "-" : "";
        var k = digits.Length;
        var n = exponent + 1;
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        var e = n - 1;
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>JSON Canonicalization Scheme (RFC 8785): sorted keys, no spaces, minimal escapes, JavaScript numbers.</summary>
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
                case JNumber n: sb.Append(JavaScriptNumber(n.Text)); break;
                case JString s: WriteString(s.Value); break;
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
                    // JCS orders keys by their UTF-16 code units, which is what ordinal comparison does.
                    foreach (var key in obj.Keys.Order(StringComparer.Ordinal))
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        WriteString(key);
                        sb.Append(':');
                        Write(obj[key]);
                    }
                    sb.Append('}');
                    break;
            }
        }

        void WriteString(string text)
        {
            sb.Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }

    private RdfTerm? Resource(string value)
    {
        if (value.StartsWith("_:", StringComparison.Ordinal)) return blankNodes.ForLabel(value[2..]);
        return IsWellFormedIri(value) ? new Iri(value) : null;
    }

    private static Iri? Predicate(string value) => IsWellFormedIri(value) ? new Iri(value) : null;

    /// <summary>An absolute IRI without the characters an IRI cannot hold and with one '#' at most.</summary>
    internal static bool IsWellFormedIri(string value)
    {
        if (value.StartsWith("_:", StringComparison.Ordinal) || !IriResolver.IsAbsolute(value)) return false;
        var hashes = 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\') return false;
            if (c == '#' && ++hashes > 1) return false;
        }
        return true;
    }

    private static bool IsWellFormedLanguage(string tag)
    {
        var parts = tag.Split('-');
        return parts[0].Length is >= 1 and <= 8 && parts[0].All(char.IsAsciiLetter)
            && parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    private void Add(RdfTerm subject, Iri predicate, RdfTerm @object) => sink.Add(new Triple(subject, predicate, @object));
}
