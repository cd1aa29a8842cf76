using Harvest.Harvesters.Dcat.Rdf;
using static Harvest.Harvesters.Dcat.Tests.Support.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class NTriplesParserTests
{
    [Fact]
    public void Reads_IRIs_blank_nodes_and_all_literal_forms()
    {
        var graph = NTriples("""
            # a comment line
            <http://n.test/s> <http://n.test/p> <http://n.test/o> .
            _:one <http://n.test/p> "plain" .
            _:one <http://n.test/p> "tagged"@pt-BR .
            _:two <http://n.test/p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> . # trailing comment
            _:two <http://n.test/p> "esc \" \\ \n \t \u00E9 \U0001F600" .
            """);
        Assert.Equal(5, graph.Count);
        Assert.Equal(2, graph.Select(t => t.Subject).OfType<BlankNode>().Distinct().Count());
        Assert.Contains(graph, t => t.Object.Equals(Literal.LanguageTagged("tagged", "pt-BR")));
        Assert.Contains(graph, t => t.Object.Equals(new Literal("12", XsdVocab.Integer)));
        Assert.Contains(graph, t => t.Object.Equals(new Literal("esc \" \\ \n \t é 😀")));
    }

    [Theory]
    [InlineData("<relative> <http://n.test/p> <http://n.test/o> .", 1, 1, "relative IRI")]
    [InlineData("<http://n.test/s> <http://n.test/p> ex:o .", 1, 37, "expected an object")]
    [InlineData("<http://n.test/s> <http://n.test/p> 'single' .", 1, 37, "expected an object")]
    [InlineData("<http://n.test/s> <http://n.test/p> \"\"\"long\"\"\" .", 1, 37, "expected an object")]
    [InlineData("<http://n.test/s> <http://n.test/p> 12 .", 1, 37, "expected an object")]
    [InlineData("<http://n.test/s> <http://n.test/p> <http://n.test/o>\n<http://n.test/s> <http://n.test/p> <http://n.test/o> .", 2, 1, "expected '.' to end the triple")]
    [InlineData("<http://n.test/s> a <http://n.test/o> .", 1, 19, "expected a predicate IRI")]
    [InlineData("_:b <http://n.test/p> [] .", 1, 23, "expected an object")]
    public void Rejects_what_only_Turtle_allows_with_the_position(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<RdfSyntaxException>(() => NTriples(text));
        Assert.Equal(RdfFormat.NTriples, error.Format);
        Assert.Contains(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Labels_map_to_fresh_ids_so_two_documents_can_share_a_graph()
    {
        var graph = new RdfGraph();
        new NTriplesParser(new RdfParserOptions { BlankNodePrefix = "d1x" }).Parse(new StringReader("_:a <http://n.test/p> \"1\" ."), graph);
        new NTriplesParser(new RdfParserOptions { BlankNodePrefix = "d2x" }).Parse(new StringReader("_:a <http://n.test/p> \"1\" ."), graph);
        Assert.Equal(2, graph.Count);
        Assert.Equal(["_:d1x0", "_:d2x0"], graph.Select(t => t.Subject.ToString()));
    }
}
