using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class NTriplesWriterTests
{
    [Fact]
    public void Writes_canonical_terms()
    {
        var s = new Iri("http://n.test/s");
        var p = new Iri("http://n.test/p");
        Assert.Equal("<http://n.test/s> <http://n.test/p> \"plain\" .", new Triple(s, p, new Literal("plain")).ToString());
        Assert.Equal("_:b7 <http://n.test/p> \"hi\"@en-GB .", new Triple(new BlankNode("b7"), p, Literal.LanguageTagged("hi", "en-GB")).ToString());
        Assert.Equal("\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>", new Literal("1", XsdVocab.Integer).ToString());
        Assert.Equal("\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 del\\u007F é\"", new Literal("q\" b\\ n\n r\r t\t nul\0 del\u007f é").ToString());
        Assert.Equal("<http://n.test/a\\u0020b\\u003Ec>", new Iri("http://n.test/a b>c").ToString());
    }

    [Fact]
    public void Sorted_output_reads_back_as_the_same_triples()
    {
        var text = "<http://n.test/b> <http://n.test/p> \"line\\nbreak\" .\n_:x <http://n.test/p> <http://n.test/b> .\n<http://n.test/a> <http://n.test/p> \"tab\\there\"@fr .\n";
        var graph = RdfParser.Load(text, RdfFormat.NTriples);
        var written = NTriplesWriter.ToSortedString(graph);
        Assert.Equal("<http://n.test/a> <http://n.test/p> \"tab\\there\"@fr .\n<http://n.test/b> <http://n.test/p> \"line\\nbreak\" .\n_:b0 <http://n.test/p> <http://n.test/b> .\n", written);
        var again = RdfParser.Load(written, RdfFormat.NTriples);
        Assert.Equal(written, NTriplesWriter.ToSortedString(again));
    }

    [Fact]
    public void As_a_sink_it_writes_each_triple_as_it_comes()
    {
        var output = new StringWriter();
        new TurtleParser().Parse(new StringReader("@prefix : <http://n.test/> . :a :p :b , :c ."), new NTriplesWriter(output));
        Assert.Equal("<http://n.test/a> <http://n.test/p> <http://n.test/b> .\n<http://n.test/a> <http://n.test/p> <http://n.test/c> .\n", output.ToString());
    }
}
