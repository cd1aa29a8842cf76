namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Turtle 1.1 (https://www.w3.org/TR/turtle/): streams triples to the sink as each statement is read, so memory
/// stays bounded by the nesting of one statement, the prefixes and the blank node labels.
/// </summary>
public sealed class TurtleParser(RdfParserOptions? options = null) : IRdfParser
{
    private readonly RdfParserOptions _options = options ?? RdfParserOptions.Default;

    public RdfFormat Format => RdfFormat.Turtle;

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
        new Run(new TurtleLexer(input, RdfFormat.Turtle), sink, _options).Document();
    }

    private sealed class Run(TurtleLexer lexer, ITripleSink sink, RdfParserOptions options)
    {
        private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
        private readonly BlankNodeScope _blankNodes = new(options.BlankNodePrefix);
        private string? _base = options.BaseIri;
        private TurtleToken _token;
        private TurtleToken _previous;
        private int _depth;

        public void Document()
        {
            Advance();
            while (_token.Kind != TurtleTokenKind.End) Statement();
        }

        private void Statement()
        {
            var start = _token;
            if (_token.Kind == TurtleTokenKind.AtName && _token.Text is "prefix" or "base")
            {
                Advance();
                if (start.Text == "prefix") PrefixBody();
                else BaseBody();
                ExpectEnd($"the @{start.Text} directive (line {start.Line})");
            }
            else if (_token.Kind == TurtleTokenKind.Word && IsKeyword("PREFIX"))
            {
                Advance();
                PrefixBody();
            }
            else if (_token.Kind == TurtleTokenKind.Word && IsKeyword("BASE"))
            {
                Advance();
                BaseBody();
            }
            else
            {
                Triples();
                ExpectEnd($"the statement that starts at line {start.Line}");
            }
        }

        private bool IsKeyword(string keyword) => string.Equals(_token.Text, keyword, StringComparison.OrdinalIgnoreCase);

        private void PrefixBody()
        {
            if (_token.Kind != TurtleTokenKind.PrefixedName || _token.Text.Length != 0)
                throw Unexpected("a prefix such as 'ex:'");
            var prefix = _token.Prefix!;
            Advance();
            if (_token.Kind != TurtleTokenKind.IriRef) throw Unexpected("the namespace IRI in <...>");
            _prefixes[prefix] = IriResolver.Resolve(_base, _token.Text);
            Advance();
        }

        private void BaseBody()
        {
            if (_token.Kind != TurtleTokenKind.IriRef) throw Unexpected("the base IRI in <...>");
            _base = IriResolver.Resolve(_base, _token.Text);
            Advance();
        }

        private void ExpectEnd(string what)
        {
            if (_token.Kind == TurtleTokenKind.Dot)
            {
                Advance();
                return;
            }
            // The '.' is missing right after the previous token: say so there, and name what was found instead.
            throw new RdfSyntaxException(RdfFormat.Turtle,
                $"expected '.' to end {what}, found {_token.Describe()}", _previous.EndLine, _previous.EndColumn);
        }

        private void Triples()
        {
            if (_token.Kind == TurtleTokenKind.OpenBracket)
            {
                Advance();
                var subject = _blankNodes.Fresh();
                if (_token.Kind == TurtleTokenKind.CloseBracket)
                {
                    Advance();
                    PredicateObjectList(subject);
                    return;
                }
                Nest();
                PredicateObjectList(subject);
                Expect(TurtleTokenKind.CloseBracket, "']' to close the blank node");
                _depth--;
                if (_token.Kind != TurtleTokenKind.Dot) PredicateObjectList(subject);
                return;
            }
            RdfTerm s = _token.Kind switch
            {
                TurtleTokenKind.IriRef or TurtleTokenKind.PrefixedName => IriTerm(),
                TurtleTokenKind.BlankNodeLabel => Label(),
                TurtleTokenKind.OpenParen => Collection(),
                _ => throw Unexpected("a subject (an IRI, a blank node or a collection)"),
            };
            PredicateObjectList(s);
        }

        private void PredicateObjectList(RdfTerm subject)
        {
            while (true)
            {
                var predicate = Verb();
                ObjectList(subject, predicate);
                if (_token.Kind != TurtleTokenKind.Semicolon) return;
                while (_token.Kind == TurtleTokenKind.Semicolon) Advance();
                if (!StartsVerb()) return;
            }
        }

        private bool StartsVerb() =>
            _token.Kind is TurtleTokenKind.IriRef or TurtleTokenKind.PrefixedName
            || (_token.Kind == TurtleTokenKind.Word && _token.Text == "a");

        private Iri Verb()
        {
            if (_token.Kind == TurtleTokenKind.Word && _token.Text == "a")
            {
                Advance();
                return RdfVocab.Type;
            }
            if (_token.Kind is TurtleTokenKind.IriRef or TurtleTokenKind.PrefixedName) return IriTerm();
            throw Unexpected("a predicate (an IRI or 'a')");
        }

        private void ObjectList(RdfTerm subject, Iri predicate)
        {
            Emit(subject, predicate, Object());
            while (_token.Kind == TurtleTokenKind.Comma)
            {
                Advance();
                Emit(subject, predicate, Object());
            }
        }

        private RdfTerm Object()
        {
            switch (_token.Kind)
            {
                case TurtleTokenKind.IriRef or TurtleTokenKind.PrefixedName:
                    return IriTerm();
                case TurtleTokenKind.BlankNodeLabel:
                    return Label();
                case TurtleTokenKind.OpenBracket:
                    Advance();
                    var node = _blankNodes.Fresh();
                    if (_token.Kind != TurtleTokenKind.CloseBracket)
                    {
                        Nest();
                        PredicateObjectList(node);
                        _depth--;
                    }
                    Expect(TurtleTokenKind.CloseBracket, "']' to close the blank node");
                    return node;
                case TurtleTokenKind.OpenParen:
                    return Collection();
                case TurtleTokenKind.String or TurtleTokenKind.LongString:
                    return StringLiteral();
                case TurtleTokenKind.Integer:
                    return Number(XsdVocab.Integer);
                case TurtleTokenKind.Decimal:
                    return Number(XsdVocab.Decimal);
                case TurtleTokenKind.Double:
                    return Number(XsdVocab.Double);
                case TurtleTokenKind.Word when _token.Text is "true" or "false":
                    return Number(XsdVocab.Boolean);
                default:
                    throw Unexpected("an object (an IRI, a blank node, a collection or a literal)");
            }
        }

        private Literal Number(Iri datatype)
        {
            var literal = new Literal(_token.Text, datatype);
            Advance();
            return literal;
        }

        private Literal StringLiteral()
        {
            var text = _token.Text;
            Advance();
            if (_token.Kind == TurtleTokenKind.AtName)
            {
                var language = _token.Text;
                Advance();
                return Literal.LanguageTagged(text, language);
            }
            if (_token.Kind == TurtleTokenKind.DoubleCaret)
            {
                Advance();
                if (_token.Kind is not (TurtleTokenKind.IriRef or TurtleTokenKind.PrefixedName)) throw Unexpected("a datatype IRI after '^^'");
                var at = _token;
                var datatype = IriTerm();
                if (datatype.Equals(RdfVocab.LangString))
                    throw new RdfSyntaxException(RdfFormat.Turtle, "rdf:langString needs a language tag, not '^^'", at.Line, at.Column);
                return new Literal(text, datatype);
            }
            return new Literal(text);
        }

        private RdfTerm Collection()
        {
            Advance();
            if (_token.Kind == TurtleTokenKind.CloseParen)
            {
                Advance();
                return RdfVocab.Nil;
            }
            Nest();
            var head = _blankNodes.Fresh();
            var cell = head;
            Emit(cell, RdfVocab.First, Object());
            while (_token.Kind != TurtleTokenKind.CloseParen)
            {
                if (_token.Kind == TurtleTokenKind.End) throw Unexpected("')' to close the collection");
                var next = _blankNodes.Fresh();
                Emit(cell, RdfVocab.Rest, next);
                cell = next;
                Emit(cell, RdfVocab.First, Object());
            }
            Emit(cell, RdfVocab.Rest, RdfVocab.Nil);
            Advance();
            _depth--;
            return head;
        }

        private Iri IriTerm()
        {
            var token = _token;
            string value;
            if (token.Kind == TurtleTokenKind.IriRef)
            {
                value = IriResolver.Resolve(_base, token.Text);
            }
            else
            {
                if (!_prefixes.TryGetValue(token.Prefix!, out var ns))
                    throw new RdfSyntaxException(RdfFormat.Turtle, $"the prefix '{token.Prefix}:' is not declared", token.Line, token.Column);
                value = ns + token.Text;
            }
            Advance();
            return new Iri(value);
        }

        private BlankNode Label()
        {
            var node = _blankNodes.ForLabel(_token.Text);
            Advance();
            return node;
        }

        private void Nest()
        {
            if (++_depth > options.MaxNesting)
                throw new RdfSyntaxException(RdfFormat.Turtle, $"blank nodes and collections nest deeper than {options.MaxNesting}", _token.Line, _token.Column);
        }

        private void Expect(TurtleTokenKind kind, string what)
        {
            if (_token.Kind != kind) throw Unexpected(what);
            Advance();
        }

        private void Emit(RdfTerm subject, Iri predicate, RdfTerm @object) => sink.Add(new Triple(subject, predicate, @object));

        private void Advance()
        {
            _previous = _token;
            _token = lexer.Next();
        }

        private RdfSyntaxException Unexpected(string expected) =>
            new(RdfFormat.Turtle, $"expected {expected}, found {_token.Describe()}", _token.Line, _token.Column);
    }
}
