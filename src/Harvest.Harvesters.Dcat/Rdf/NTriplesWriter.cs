using System.Globalization;
using System.Text;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Writes triples as canonical N-Triples (the RDF 1.2 rules): one triple per line, single spaces, <c>" ."</c> and
/// LF at the end, simple literals without <c>^^xsd:string</c>; in literals only <c>" \</c> and control characters
/// are escaped (<c>\b \t \n \f \r</c>, others as <c>\uXXXX</c>); characters not allowed in an IRIREF are
/// written as <c>\uXXXX</c>. Blank nodes keep their ids.
/// </summary>
public sealed class NTriplesWriter(TextWriter writer) : ITripleSink
{
    public void Add(Triple triple)
    {
        ArgumentNullException.ThrowIfNull(triple);
        writer.Write(Format(triple));
        writer.Write('\n');
    }

    /// <summary>The triples as canonical N-Triples, lines sorted ordinally: equal graphs with equal blank node ids give equal text.</summary>
    public static string ToSortedString(IEnumerable<Triple> triples)
    {
        var lines = triples.Select(Format).Distinct().ToList();
        lines.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    public static string Format(Triple triple) =>
        Format(triple.Subject) + " " + Format(triple.Predicate) + " " + Format(triple.Object) + " .";

    public static string Format(RdfTerm term)
    {
        var sb = new StringBuilder();
        Append(sb, term);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, RdfTerm term)
    {
        switch (term)
        {
            case Iri iri:
                AppendIri(sb, iri.Value);
                break;
            case BlankNode node:
                sb.Append("_:").Append(node.Id);
                break;
            case Literal literal:
                sb.Append('"');
                AppendEscaped(sb, literal.LexicalForm);
                sb.Append('"');
                if (literal.Language is not null) sb.Append('@').Append(literal.Language);
                else if (!literal.Datatype.Equals(XsdVocab.String))
                {
                    sb.Append("^^");
                    AppendIri(sb, literal.Datatype.Value);
                }
                break;
            default:
                throw new ArgumentException("unknown term type " + term.GetType().Name, nameof(term));
        }
    }

    private static void AppendIri(StringBuilder sb, string iri)
    {
        sb.Append('<');
        foreach (var c in iri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        sb.Append('>');
    }

    private static void AppendEscaped(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c == '\u007F') sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
    }
}
