using Harvest.Harvesters.Dcat.Rdf;
using static Harvest.Harvesters.Dcat.Tests.Support.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class RdfXmlParserTests
{
    private const string Head = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:n="http://n.test/" """;

    private static RdfGraph Xml(string body, string attributes = ">") => Parse(RdfFormat.RdfXml, Head + attributes + body + "</rdf:RDF>", "http://doc.test/dir/file.rdf");

    private static void Gives(string expectedNTriples, RdfGraph graph) => SameGraph(NTriples(expectedNTriples), graph);

    [Fact]
    public void Typed_nodes_descriptions_resources_and_nested_nodes()
    {
        Gives("""
            <http://doc.test/dir/cat> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://n.test/Catalog> .
            <http://doc.test/dir/cat> <http://n.test/dataset> <http://doc.test/dir/ds1> .
            <http://doc.test/dir/cat> <http://n.test/dataset> <http://n.test/ds2> .
            <http://n.test/ds2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://n.test/Dataset> .
            <http://n.test/ds2> <http://n.test/title> "Two" .
            <http://doc.test/dir/file.rdf#local> <http://n.test/seeAlso> _:x .
            _:x <http://n.test/name> "blank" .
            _:y <http://n.test/name> "anonymous" .
            """, Xml("""
            <n:Catalog rdf:about="cat">
              <n:dataset rdf:resource="ds1"/>
              <n:dataset>
                <n:Dataset rdf:about="http://n.test/ds2"><n:title>Two</n:title></n:Dataset>
              </n:dataset>
            </n:Catalog>
            <rdf:Description rdf:ID="local"><n:seeAlso rdf:nodeID="x"/></rdf:Description>
            <rdf:Description rdf:nodeID="x" n:name="blank"/>
            <rdf:Description><n:name>anonymous</n:name></rdf:Description>
            """));
    }

    [Fact]
    public void Languages_inherit_and_reset_and_datatypes_apply()
    {
        Gives("""
            <http://n.test/s> <http://n.test/title> "Titel"@de .
            <http://n.test/s> <http://n.test/title> "Title"@en .
            <http://n.test/s> <http://n.test/code> "ABC" .
            <http://n.test/s> <http://n.test/size> "5120"^^<http://www.w3.org/2001/XMLSchema#decimal> .
            <http://n.test/s> <http://n.test/label> "attribute"@de .
            <http://n.test/s> <http://n.test/empty> ""@de .
            """, Xml("""
            <rdf:Description rdf:about="http://n.test/s" xml:lang="de" n:label="attribute">
              <n:title>Titel</n:title>
              <n:title xml:lang="en">Title</n:title>
              <n:code xml:lang="">ABC</n:code>
              <n:size rdf:datatype="http://www.w3.org/2001/XMLSchema#decimal">5120</n:size>
              <n:empty/>
            </rdf:Description>
            """));
    }

    [Fact]
    public void Xml_base_changes_how_relative_references_and_IDs_resolve()
    {
        Gives("""
            <http://other.test/base/a> <http://n.test/p> <http://other.test/base/b> .
            <http://other.test/base/a> <http://n.test/q> <http://other.test/inner/c> .
            <http://other.test/inner/sub#frag> <http://n.test/p> "x" .
            """, Xml("""
            <rdf:Description rdf:about="a">
              <n:p rdf:resource="b"/>
              <n:q rdf:resource="c" xml:base="http://other.test/inner/"/>
            </rdf:Description>
            <rdf:Description xml:base="http://other.test/inner/sub" rdf:ID="frag"><n:p>x</n:p></rdf:Description>
            """, """ xml:base="http://other.test/base/">"""));
    }

    [Fact]
    public void Parse_types_resource_collection_and_literal()
    {
        var graph = Xml("""
            <rdf:Description rdf:about="http://n.test/s">
              <n:period rdf:parseType="Resource"><n:start>2020</n:start><n:end>2021</n:end></n:period>
              <n:list rdf:parseType="Collection">
                <rdf:Description rdf:about="http://n.test/one"/>
                <n:Thing rdf:about="http://n.test/two"/>
              </n:list>
              <n:none rdf:parseType="Collection"/>
              <n:markup rdf:parseType="Literal"><b xmlns="http://www.w3.org/1999/xhtml">bold</b> text</n:markup>
            </rdf:Description>
            """);
        Gives("""
            <http://n.test/s> <http://n.test/period> _:p .
            _:p <http://n.test/start> "2020" .
            _:p <http://n.test/end> "2021" .
            <http://n.test/s> <http://n.test/list> _:l1 .
            _:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://n.test/one> .
            _:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .
            _:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://n.test/two> .
            _:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            <http://n.test/two> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://n.test/Thing> .
            <http://n.test/s> <http://n.test/none> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            <http://n.test/s> <http://n.test/markup> "<b xmlns=\"http://www.w3.org/1999/xhtml\">bold</b> text"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .
            """, graph);
    }

    [Fact]
    public void An_XML_literal_keeps_end_tags_and_declares_the_namespaces_it_uses()
    {
        var graph = Xml("""<rdf:Description rdf:about="http://n.test/s"><n:p rdf:parseType="Literal">a<n:br/>b</n:p></rdf:Description>""");
        Assert.Equal("a<n:br xmlns:n=\"http://n.test/\"></n:br>b", ((Literal)Assert.Single(graph).Object).LexicalForm);
    }

    [Fact]
    public void Property_attributes_on_an_empty_property_element_describe_its_object()
    {
        Gives("""
            <http://n.test/s> <http://n.test/publisher> _:o .
            _:o <http://n.test/name> "Office" .
            _:o <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://n.test/Agent> .
            <http://n.test/s> <http://n.test/page> <http://n.test/home> .
            <http://n.test/home> <http://n.test/title> "Home" .
            """, Xml("""
            <rdf:Description rdf:about="http://n.test/s">
              <n:publisher n:name="Office" rdf:type="http://n.test/Agent"/>
              <n:page rdf:resource="http://n.test/home" n:title="Home"></n:page>
            </rdf:Description>
            """));
    }

    [Fact]
    public void Li_elements_number_the_members_and_rdf_ID_on_a_property_reifies_it()
    {
        Gives("""
            _:bag <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Bag> .
            _:bag <http://www.w3.org/1999/02/22-rdf-syntax-ns#_1> "a" .
            _:bag <http://www.w3.org/1999/02/22-rdf-syntax-ns#_2> "b" .
            _:bag <http://www.w3.org/1999/02/22-rdf-syntax-ns#_3> "c" .
            <http://n.test/s> <http://n.test/p> "said" .
            <http://doc.test/dir/file.rdf#claim> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .
            <http://doc.test/dir/file.rdf#claim> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <http://n.test/s> .
            <http://doc.test/dir/file.rdf#claim> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <http://n.test/p> .
            <http://doc.test/dir/file.rdf#claim> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> "said" .
            """, Xml("""
            <rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li><rdf:li>c</rdf:li></rdf:Bag>
            <rdf:Description rdf:about="http://n.test/s"><n:p rdf:ID="claim">said</n:p></rdf:Description>
            """));
    }

    [Fact]
    public void A_single_node_element_can_be_the_root_without_rdf_RDF()
    {
        var graph = Parse(RdfFormat.RdfXml, """
            <?xml version="1.0"?>
            <n:Dataset xmlns:n="http://n.test/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="http://n.test/d"><n:title>T</n:title></n:Dataset>
            """);
        Assert.Equal(2, graph.Count);
    }

    [Fact]
    public void A_relative_xml_base_on_a_root_node_element_resolves_once()
    {
        var graph = Parse(RdfFormat.RdfXml, """
            <n:Dataset xmlns:n="http://n.test/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xml:base="sub/" rdf:about="d"/>
            """, "http://doc.test/dir/file.rdf");
        Assert.Equal(new Iri("http://doc.test/dir/sub/d"), Assert.Single(graph).Subject);
    }

    [Fact]
    public void Literal_text_keeps_white_space_and_entities_of_XML_itself()
    {
        var graph = Xml("""<rdf:Description rdf:about="http://n.test/s"><n:p>  a &amp; b &lt;c&gt; &#233;  </n:p><n:q><![CDATA[<raw>]]></n:q></rdf:Description>""");
        Assert.Equal(["  a & b <c> é  ", "<raw>"], graph.Select(t => ((Literal)t.Object).LexicalForm));
    }

    [Theory]
    [InlineData("<rdf:Description rdf:about=\"http://n.test/s\">\n  <n:p>text<n:Thing/></n:p></rdf:Description>", 3, 13, "either text or one node element")]
    [InlineData("""<rdf:Description rdf:about="http://n.test/s"><n:p><n:A/><n:B/></n:p></rdf:Description>""", 2, 58, "one node element at most")]
    [InlineData("""<rdf:Description rdf:about="http://n.test/s"><unqualified>x</unqualified></rdf:Description>""", 2, 47, "has no namespace")]
    [InlineData("""<rdf:Description rdf:about="a" rdf:nodeID="b"/>""", 2, 2, "at most one of rdf:about, rdf:ID and rdf:nodeID")]
    [InlineData("""<rdf:Description rdf:about="http://n.test/s"><rdf:Description/></rdf:Description>""", 2, 47, "cannot be a property element")]
    [InlineData("""<rdf:li>x</rdf:li>""", 2, 2, "cannot be a node element")]
    [InlineData("""<rdf:Description rdf:about="http://n.test/s" rdf:bagID="x"/>""", 2, 46, "no longer part of RDF")]
    [InlineData("""<rdf:Description rdf:ID="not a name"/>""", 2, 18, "not an XML name")]
    [InlineData("""<rdf:Description rdf:ID="twice"/><rdf:Description rdf:ID="twice"/>""", 2, 35, "used twice")]
    [InlineData("""loose text""", 2, 1, "only elements")]
    [InlineData("""<rdf:Description rdf:about="http://n.test/s"><n:p>unclosed</rdf:Description>""", 2, 61, "does not match")]
    public void Errors_name_the_line_and_column(string body, int line, int column, string reason)
    {
        var error = Assert.Throws<RdfSyntaxException>(() => Xml(body, ">\n"));
        Assert.Equal(RdfFormat.RdfXml, error.Format);
        Assert.Contains(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
