namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// N-Triples 1.1 (https://www.w3.org/TR/n-triples/): absolute IRIs, blank node labels and double-quoted literals
/// only, one triple at a time. Streams triples to the sink.
/// </summary>
public sealed class NTriplesParser(RdfParserOptions? options = null) : IRdfParser
{
    private readonly RdfParserOptions _options = options ?? RdfParserOptions.Default;

    public RdfFormat Format => RdfFormat.NTriples;

    public void Parse(Stream input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        Parse(reader, sink);
    }

    public void Parse(TextReader input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        var lexer = new TurtleLexer(input, RdfFormat.NTriples);
        var blankNodes = new BlankNodeScope(_options.BlankNodePrefix);
        var token = lexer.Next();
        while (token.Kind != TurtleTokenKind.End)
        {
            var subject = Subject(token, blankNodes);
            token = lexer.Next();
            var predicate = AbsoluteIri(token, "a predicate IRI");
            token = lexer.Next();
            RdfTerm @object;
            switch (token.Kind)
            {
                case TurtleTokenKind.IriRef:
                    @object = AbsoluteIri(token, "an object");
                    token = lexer.Next();
                    break;
                case TurtleTokenKind.BlankNodeLabel:
                    @object = blankNodes.ForLabel(token.Text);
                    token = lexer.Next();
                    break;
                case TurtleTokenKind.String when token.Quote == '"':
                    var text = token.Text;
                    token = lexer.Next();
                    if (token.Kind == TurtleTokenKind.AtName)
                    {
                        @object = Literal.LanguageTagged(text, token.Text);
                        token = lexer.Next();
                    }
                    else if (token.Kind == TurtleTokenKind.DoubleCaret)
                    {
                        token = lexer.Next();
                        var datatype = AbsoluteIri(token, "a datatype IRI after '^^'");
                        if (datatype.Equals(RdfVocab.LangString)) throw Error("rdf:langString needs a language tag, not '^^'", token);
                        @object = new Literal(text, datatype);
                        token = lexer.Next();
                    }
                    else
                    {
                        @object = new Literal(text);
                    }
                    break;
                default:
                    throw Error($"expected an object (an IRI, a blank node or a \"literal\"), found {token.Describe()}", token);
            }
            if (token.Kind != TurtleTokenKind.Dot) throw Error($"expected '.' to end the triple, found {token.Describe()}", token);
            sink.Add(new Triple(subject, predicate, @object));
            token = lexer.Next();
        }
    }

    private static RdfTerm Subject(TurtleToken token, BlankNodeScope blankNodes) => token.Kind switch
    {
        TurtleTokenKind.BlankNodeLabel => blankNodes.ForLabel(token.Text),
        _ => AbsoluteIri(token, "a subject (an IRI or a blank node)"),
    };

    private static Iri AbsoluteIri(TurtleToken token, string expected)
    {
        if (token.Kind != TurtleTokenKind.IriRef) throw Error($"expected {expected}, found {token.Describe()}", token);
        if (!IriResolver.IsAbsolute(token.Text)) throw Error($"<{token.Text}> is a relative IRI: N-Triples needs absolute IRIs", token);
        return new Iri(token.Text);
    }

    private static RdfSyntaxException Error(string reason, TurtleToken token) => new(RdfFormat.NTriples, reason, token.Line, token.Column);
}
