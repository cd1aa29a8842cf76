namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>The RDF syntaxes the parsers read.</summary>
public enum RdfFormat
{
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
}

internal static class RdfFormats
{
    public static string Name(RdfFormat format) => format switch
    {
        RdfFormat.Turtle => "Turtle",
        RdfFormat.NTriples => "N-Triples",
        RdfFormat.RdfXml => "RDF/XML",
        RdfFormat.JsonLd => "JSON-LD",
        _ => format.ToString(),
    };
}
