using Harvest.Harvesters.Dcat.Rdf;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class ModelTests
{
    [Fact]
    public void Terms_compare_by_value_and_language_tags_ignore_case()
    {
        Assert.Equal(new Iri("http://n.test/a"), new Iri("http://n.test/a"));
        Assert.NotEqual<RdfTerm>(new Iri("http://n.test/a"), new Literal("http://n.test/a"));
        Assert.Equal(Literal.LanguageTagged("x", "en-GB"), Literal.LanguageTagged("x", "en-gb"));
        Assert.NotEqual(new Literal("1", XsdVocab.Integer), new Literal("01", XsdVocab.Integer));
        Assert.Equal(new Literal("x"), new Literal("x", XsdVocab.String));
    }

    [Fact]
    public void Invalid_terms_and_triples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Literal("x", RdfVocab.LangString));
        Assert.Throws<ArgumentException>(() => new Literal("x", XsdVocab.String, "en"));
        Assert.Throws<ArgumentException>(() => new Triple(new Literal("s"), RdfVocab.Type, new Iri("http://n.test/T")));
    }

    [Fact]
    public void A_graph_drops_duplicates_and_answers_patterns()
    {
        var graph = RdfParser.Load("""
            @prefix : <http://n.test/> .
            :a a :Dataset ; :title "A" . :b a :Dataset . :a :title "A" .
            """, RdfFormat.Turtle);
        Assert.Equal(3, graph.Count);
        Assert.Equal([new Iri("http://n.test/a"), new Iri("http://n.test/b")], graph.Subjects(RdfVocab.Type, new Iri("http://n.test/Dataset")));
        Assert.Equal([new Literal("A")], graph.Objects(new Iri("http://n.test/a"), new Iri("http://n.test/title")));
    }

    [Fact]
    public void The_graph_comparer_tells_different_blank_node_structures_apart()
    {
        var one = RdfParser.Load("_:a <http://n.test/p> _:b . _:b <http://n.test/q> \"1\" .", RdfFormat.NTriples);
        var renamed = RdfParser.Load("_:z <http://n.test/p> _:y . _:y <http://n.test/q> \"1\" .", RdfFormat.NTriples);
        var other = RdfParser.Load("_:a <http://n.test/p> _:b . _:a <http://n.test/q> \"1\" .", RdfFormat.NTriples);
        Assert.Null(GraphComparer.Difference(one, renamed));
        Assert.NotNull(GraphComparer.Difference(one, other));
    }

    [Theory]
    [InlineData("http://a/b/c/d;p?q", "g:h", "g:h")]
    [InlineData("http://a/b/c/d;p?q", "g", "http://a/b/c/g")]
    [InlineData("http://a/b/c/d;p?q", "/./g", "http://a/g")]
    [InlineData("http://a/b/c/d;p?q", "g.", "http://a/b/c/g.")]
    [InlineData("http://a/b/c/d;p?q", "..g", "http://a/b/c/..g")]
    [InlineData("http://a/b/c/d;p?q", "./../g", "http://a/b/g")]
    [InlineData("http://a/b/c/d;p?q", "g/./h", "http://a/b/c/g/h")]
    [InlineData("http://a/b/c/d;p?q", "g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("http://a/b/c/d;p?q", "g#s/../x", "http://a/b/c/g#s/../x")]
    [InlineData("http://a/b/c/d;p?q", "http:g", "http:g")]
    [InlineData("http://a", "b", "http://a/b")]
    [InlineData("file:///dir/file.ttl", "#x", "file:///dir/file.ttl#x")]
    [InlineData("http://a/b#frag", "", "http://a/b")]
    public void IRIs_resolve_like_the_RFC_3986_examples(string baseIri, string reference, string expected) =>
        Assert.Equal(expected, IriResolver.Resolve(baseIri, reference));
}
