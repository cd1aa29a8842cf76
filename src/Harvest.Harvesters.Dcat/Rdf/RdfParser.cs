namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Entry points over the four parsers.</summary>
public static class RdfParser
{
    public static IRdfParser Create(RdfFormat format, RdfParserOptions? options = null) => format switch
    {
        RdfFormat.Turtle => new TurtleParser(options),
        RdfFormat.NTriples => new NTriplesParser(options),
        RdfFormat.RdfXml => new RdfXmlParser(options),
        RdfFormat.JsonLd => new JsonLdParser(options),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown RDF format"),
    };

    /// <summary>Streams the document's triples to <paramref name="sink"/>.</summary>
    public static void Parse(Stream input, RdfFormat format, ITripleSink sink, RdfParserOptions? options = null) =>
        Create(format, options).Parse(input, sink);

    /// <summary>Reads the whole document into a graph.</summary>
    public static RdfGraph Load(Stream input, RdfFormat format, RdfParserOptions? options = null)
    {
        var graph = new RdfGraph();
        Create(format, options).Parse(input, graph);
        return graph;
    }

    /// <summary>Reads a document given as text into a graph.</summary>
    public static RdfGraph Load(string text, RdfFormat format, RdfParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var graph = new RdfGraph();
        Create(format, options).Parse(new StringReader(text), graph);
        return graph;
    }
}
