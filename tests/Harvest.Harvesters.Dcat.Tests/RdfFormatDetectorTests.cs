using System.Text;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class RdfFormatDetectorTests
{
    [Theory]
    [InlineData("text/turtle", RdfFormat.Turtle)]
    [InlineData("text/turtle; charset=utf-8", RdfFormat.Turtle)]
    [InlineData("application/x-turtle", RdfFormat.Turtle)]
    [InlineData("application/rdf+xml", RdfFormat.RdfXml)]
    [InlineData("Application/RDF+XML;charset=UTF-8", RdfFormat.RdfXml)]
    [InlineData("application/xml", RdfFormat.RdfXml)]
    [InlineData("application/ld+json", RdfFormat.JsonLd)]
    [InlineData("application/ld+json; profile=\"http://www.w3.org/ns/json-ld#expanded\"", RdfFormat.JsonLd)]
    [InlineData("application/json", RdfFormat.JsonLd)]
    [InlineData("application/n-triples", RdfFormat.NTriples)]
    public void Content_types_name_formats(string contentType, RdfFormat format) =>
        Assert.Equal(format, RdfFormatDetector.FromContentType(contentType));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    public void Other_content_types_name_none(string? contentType) =>
        Assert.Null(RdfFormatDetector.FromContentType(contentType));

    [Theory]
    [InlineData("@prefix dcat: <http://www.w3.org/ns/dcat#> .", RdfFormat.Turtle)]
    [InlineData("  \n PREFIX dcat: <http://www.w3.org/ns/dcat#>", RdfFormat.Turtle)]
    [InlineData("# comment\n<http://a.test/s> <http://a.test/p> 1 .", RdfFormat.Turtle)]
    [InlineData("<http://a.test/s> <http://a.test/p> <http://a.test/o> .", RdfFormat.Turtle)]
    [InlineData("<#me> a <http://a.test/Person> .", RdfFormat.Turtle)]
    [InlineData("<ex:a> <ex:b> <ex:c> .", RdfFormat.Turtle)]
    [InlineData("_:b0 <http://a.test/p> \"x\" .", RdfFormat.Turtle)]
    [InlineData("dcat:x a dcat:Catalog .", RdfFormat.Turtle)]
    [InlineData("[ a <http://a.test/T> ] .", RdfFormat.Turtle)]
    [InlineData("<?xml version=\"1.0\"?><rdf:RDF/>", RdfFormat.RdfXml)]
    [InlineData("<rdf:RDF\n  xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", RdfFormat.RdfXml)]
    [InlineData("<!-- generated -->\n<rdf:RDF>", RdfFormat.RdfXml)]
    [InlineData("<RDF xmlns=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", RdfFormat.RdfXml)]
    [InlineData("{ \"@context\": {} }", RdfFormat.JsonLd)]
    [InlineData("[ { \"@id\": \"x\" } ]", RdfFormat.JsonLd)]
    [InlineData("\uFEFF{}", RdfFormat.JsonLd)]
    public void Sniffing_the_first_bytes_finds_the_syntax(string head, RdfFormat format) =>
        Assert.Equal(format, RdfFormatDetector.Sniff(Encoding.UTF8.GetBytes(head)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("42")]
    public void Sniffing_finds_nothing_in_other_text(string head) =>
        Assert.Null(RdfFormatDetector.Sniff(Encoding.UTF8.GetBytes(head)));

    [Fact]
    public void Detect_prefers_the_content_type_then_the_file_name_then_the_bytes()
    {
        var turtle = Encoding.UTF8.GetBytes("@prefix a: <http://a.test/> .");
        Assert.Equal(RdfFormat.JsonLd, RdfFormatDetector.Detect("application/json", "x.ttl", turtle));
        Assert.Equal(RdfFormat.RdfXml, RdfFormatDetector.Detect("text/plain", "catalog.rdf", turtle));
        Assert.Equal(RdfFormat.Turtle, RdfFormatDetector.Detect(null, "catalog", turtle));
    }

    [Fact]
    public void Sniffing_a_stream_leaves_its_position()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("<rdf:RDF xmlns:rdf=\"x\"/>"));
        Assert.Equal(RdfFormat.RdfXml, RdfFormatDetector.Sniff(stream));
        Assert.Equal(0, stream.Position);
    }
}
