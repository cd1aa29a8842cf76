using Harvest.Harvesters.Dcat.Rdf;
using static Harvest.Harvesters.Dcat.Tests.Support.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class TurtleParserTests
{
    private static RdfGraph Turtle(string text, string? baseIri = "http://example.org/doc") => Parse(RdfFormat.Turtle, text, baseIri);

    private static RdfSyntaxException Fails(string text) =>
        Assert.Throws<RdfSyntaxException>(() => Turtle(text));

    [Fact]
    public void Both_directive_styles_declare_prefixes_and_bases()
    {
        var graph = Turtle("""
            @prefix cat: <http://catalog.test/ns#> .
            PREFIX shop: <http://shop.test/>
            prefix empty: <http://empty.test/>
            @base <http://base.test/one/> .
            <thing> cat:kind shop:item .
            BASE <two/>
            <thing> a empty:Thing .
            """);
        SameGraph(NTriples("""
            <http://base.test/one/thing> <http://catalog.test/ns#kind> <http://shop.test/item> .
            <http://base.test/one/two/thing> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://empty.test/Thing> .
            """), graph);
    }

    [Theory]
    [InlineData("<g>", "http://a.test/b/c/g")]
    [InlineData("<./g>", "http://a.test/b/c/g")]
    [InlineData("<g/>", "http://a.test/b/c/g/")]
    [InlineData("</g>", "http://a.test/g")]
    [InlineData("<//other.test/g>", "http://other.test/g")]
    [InlineData("<?y>", "http://a.test/b/c/d;p?y")]
    [InlineData("<#s>", "http://a.test/b/c/d;p?q#s")]
    [InlineData("<../g>", "http://a.test/b/g")]
    [InlineData("<../../../g>", "http://a.test/g")]
    [InlineData("<>", "http://a.test/b/c/d;p?q")]
    [InlineData("<g;x=1/../y>", "http://a.test/b/c/y")]
    [InlineData("<urn:isbn:123>", "urn:isbn:123")]
    public void Relative_IRIs_resolve_against_the_base_as_RFC_3986_says(string reference, string expected)
    {
        var graph = Turtle($"@base <http://a.test/b/c/d;p?q> . {reference} <http://p.test/p> 1 .");
        Assert.Equal(new Iri(expected), Assert.Single(graph).Subject);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_from_a_reader_too()
    {
        var graph = Turtle("\uFEFF<http://n.test/a> <http://n.test/p> 1 .");
        Assert.Single(graph);
    }

    [Fact]
    public void Without_any_base_relative_IRIs_stay_relative()
    {
        var graph = Turtle("<x> <http://p.test/p> <y> .", baseIri: null);
        Assert.Equal("<x> <http://p.test/p> <y> .", Assert.Single(graph).ToString());
    }

    [Fact]
    public void Prefixed_names_take_escapes_dots_colons_digits_and_percent_codes()
    {
        var graph = Turtle("""
            @prefix : <http://n.test/> .
            @prefix my.ns: <http://m.test/> .
            :a\,b :has.dot :trailing:colon: .
            :007 my.ns:x :%20\~q .
            :s :p :end.
            """);
        SameGraph(NTriples("""
            <http://n.test/a,b> <http://n.test/has.dot> <http://n.test/trailing:colon:> .
            <http://n.test/007> <http://m.test/x> <http://n.test/%20~q> .
            <http://n.test/s> <http://n.test/p> <http://n.test/end> .
            """), graph);
    }

    [Fact]
    public void Blank_node_property_lists_nest_and_can_be_subjects()
    {
        var graph = Turtle("""
            @prefix : <http://n.test/> .
            :book :author [ :name "Ann" ; :home [ :city "Oslo" ] ] .
            [ :label "standalone" ] .
            [ :label "with more" ] :extra true .
            [] :label "anonymous" .
            _:x :knows _:x , _:y .
            """);
        SameGraph(NTriples("""
            <http://n.test/book> <http://n.test/author> _:a .
            _:a <http://n.test/name> "Ann" .
            _:a <http://n.test/home> _:h .
            _:h <http://n.test/city> "Oslo" .
            _:s <http://n.test/label> "standalone" .
            _:m <http://n.test/label> "with more" .
            _:m <http://n.test/extra> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
            _:n <http://n.test/label> "anonymous" .
            _:x <http://n.test/knows> _:x .
            _:x <http://n.test/knows> _:y .
            """), graph);
    }

    [Fact]
    public void Collections_become_rdf_lists_and_the_empty_one_is_rdf_nil()
    {
        var graph = Turtle("""
            @prefix : <http://n.test/> .
            :s :items ( :one "two" ( 3 ) ) ; :none () .
            ( :a ) :p :o .
            """);
        SameGraph(NTriples("""
            <http://n.test/s> <http://n.test/items> _:l1 .
            _:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://n.test/one> .
            _:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .
            _:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "two" .
            _:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l3 .
            _:l3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:inner .
            _:l3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            _:inner <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
            _:inner <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            <http://n.test/s> <http://n.test/none> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            _:c <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://n.test/a> .
            _:c <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            _:c <http://n.test/p> <http://n.test/o> .
            """), graph);
    }

    [Fact]
    public void Literals_carry_languages_datatypes_and_keep_their_lexical_form()
    {
        var graph = Turtle("""
            @prefix : <http://n.test/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            :s :p "colour"@en-GB , 'single'@fr , "2024-01-31"^^xsd:date , "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
            :s :n 42 , -7 , +3 , 4.50 , .5 , -1.25E-3 , 6e2 , 1.E1 , false .
            """);
        SameGraph(NTriples("""
            <http://n.test/s> <http://n.test/p> "colour"@en-GB .
            <http://n.test/s> <http://n.test/p> "single"@fr .
            <http://n.test/s> <http://n.test/p> "2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date> .
            <http://n.test/s> <http://n.test/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://n.test/s> <http://n.test/n> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://n.test/s> <http://n.test/n> "-7"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://n.test/s> <http://n.test/n> "+3"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://n.test/s> <http://n.test/n> "4.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .
            <http://n.test/s> <http://n.test/n> ".5"^^<http://www.w3.org/2001/XMLSchema#decimal> .
            <http://n.test/s> <http://n.test/n> "-1.25E-3"^^<http://www.w3.org/2001/XMLSchema#double> .
            <http://n.test/s> <http://n.test/n> "6e2"^^<http://www.w3.org/2001/XMLSchema#double> .
            <http://n.test/s> <http://n.test/n> "1.E1"^^<http://www.w3.org/2001/XMLSchema#double> .
            <http://n.test/s> <http://n.test/n> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
            """), graph);
    }

    [Fact]
    public void Long_strings_hold_line_breaks_and_quotes_and_escapes_decode()
    {
        var graph = Turtle("<http://n.test/s> <http://n.test/p> \"\"\"first \"quoted\" line\nsecond ''line'' \"\"x\"\"\" , '''it's \"\"\" inside''' , \"tab\\there \\u00e9\\U0001F600 \\\\ \\\"\" .");
        var values = graph.Select(t => ((Literal)t.Object).LexicalForm).ToList();
        Assert.Equal(["first \"quoted\" line\nsecond ''line'' \"\"x", "it's \"\"\" inside", "tab\there é😀 \\ \""], values);
    }

    [Fact]
    public void Unicode_escapes_work_in_IRIs_and_raw_non_ASCII_in_names()
    {
        var graph = Turtle("@prefix é: <http://n.test/\\u00E9/> . <http://n.test/caf\\u00e9> é:naïve é:日本 .");
        Assert.Equal("<http://n.test/café> <http://n.test/é/naïve> <http://n.test/é/日本> .", Assert.Single(graph).ToString());
    }

    [Fact]
    public void Predicate_and_object_lists_allow_repeated_and_trailing_semicolons_and_comments()
    {
        var graph = Turtle("""
            @prefix : <http://n.test/> . # the namespace
            :s a :Thing ;; :p :o1 , :o2 ; # comment after a semicolon
               :q "x" ;
            .
            """);
        Assert.Equal(4, graph.Count);
    }

    [Fact]
    public void Triples_stream_to_the_sink_before_the_document_ends()
    {
        var seen = new List<Triple>();
        var sink = new CallbackSink(seen.Add);
        var reader = new StringReader("<http://n.test/a> <http://n.test/p> 1 .\n<http://n.test/b> <http://n.test/p> oops");
        Assert.Throws<RdfSyntaxException>(() => new TurtleParser().Parse(reader, sink));
        Assert.Single(seen);
    }

    [Theory]
    [InlineData("@prefix ex: <http://n.test/>\n<http://n.test/a> ex:p 1 .", 1, 29, "expected '.' to end the @prefix directive")]
    [InlineData("<http://n.test/a> <http://n.test/p> 1\n<http://n.test/b> <http://n.test/p> 2 .", 1, 38, "expected '.' to end the statement that starts at line 1")]
    [InlineData("<http://n.test/a>\n  undeclared:p 1 .", 2, 3, "the prefix 'undeclared:' is not declared")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"no end\n .", 1, 44, "a line break in a string")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"bad \\q\" .", 1, 43, "\\q is not a valid escape")]
    [InlineData("<http://n.test/a> <http://n.test/p> <http://n.test/has space> .", 1, 55, "' ' is not allowed in an IRI")]
    [InlineData("<http://n.test/a> <http://n.test/p> .", 1, 37, "expected an object")]
    [InlineData("<http://n.test/a> <http://n.test/p> ( 1 2", 1, 42, "')' to close the collection")]
    [InlineData("<http://n.test/a> <http://n.test/p> [ <http://n.test/q> 1 .", 1, 59, "']' to close the blank node")]
    [InlineData("\"literal\" <http://n.test/p> 1 .", 1, 1, "expected a subject")]
    [InlineData("<http://n.test/a> a true .\n<http://n.test/a> \"x\" 1 .", 2, 19, "expected a predicate")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"\"\"never closed", 1, 52, "the long string has no closing")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .", 1, 42, "rdf:langString needs a language tag")]
    [InlineData("<http://n.test/a> <http://n.test/p> 1 ~", 1, 39, "unexpected character '~'")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"\\uD800\" .", 1, 44, "is a surrogate")]
    [InlineData("<http://n.test/a> <http://n.test/p> \"\"\"four\"\"\"\" .", 1, 50, "the string has no closing")]
    public void Syntax_errors_name_the_line_and_column(string text, int line, int column, string reason)
    {
        var error = Fails(text);
        Assert.Contains(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(RdfFormat.Turtle, error.Format);
        Assert.StartsWith($"line {line}, column {column}: Turtle syntax error: ", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow()
    {
        var deep = "<http://n.test/a> <http://n.test/p> " + string.Concat(Enumerable.Repeat("[ <http://n.test/p> ", 100_000)) + "1";
        var error = Assert.Throws<RdfSyntaxException>(() => Parse(RdfFormat.Turtle, deep));
        Assert.Contains("nest deeper than 256", error.Message);
    }

    [Fact]
    public void A_large_document_streams_from_a_reader_that_never_holds_it_whole()
    {
        var reader = new GeneratedTurtle(200_000);
        var count = 0;
        new TurtleParser().Parse(reader, new CallbackSink(_ => count++));
        Assert.Equal(200_000, count);
    }

    private sealed class CallbackSink(Action<Triple> add) : ITripleSink
    {
        public void Add(Triple triple) => add(triple);
    }

    /// <summary>Turtle made on the fly, one statement per read, so the whole text never exists at once.</summary>
    private sealed class GeneratedTurtle(int statements) : TextReader
    {
        private string _pending = "@prefix : <http://n.test/> .\n";
        private int _next;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_pending.Length == 0)
            {
                if (_next == statements) return 0;
                _pending = $":s{_next} :label \"item {_next}\"@en .\n";
                _next++;
            }
            var n = Math.Min(count, _pending.Length);
            _pending.CopyTo(0, buffer, index, n);
            _pending = _pending[n..];
            return n;
        }
    }
}
