namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Settings shared by the parsers.</summary>
public sealed class RdfParserOptions
{
    public static RdfParserOptions Default { get; } = new();

    /// <summary>
    /// The IRI relative references are resolved against until the document sets its own base: usually the URL the
    /// document came from. Without one, relative references stay relative.
    /// </summary>
    public string? BaseIri { get; init; }

    /// <summary>The JSON-LD remote contexts known locally; any other remote context fails the document.</summary>
    public JsonLdContextMap? JsonLdContexts { get; init; }

    /// <summary>Blank node ids are this prefix and a counter. Give each document its own prefix to merge graphs.</summary>
    public string BlankNodePrefix { get; init; } = "b";

    /// <summary>
    /// How deep blank node property lists, collections, XML elements or JSON values may nest: a guard for the
    /// stack, far above what real catalogs use.
    /// </summary>
    public int MaxNesting { get; init; } = 256;

    /// <summary>JSON-LD is read whole into memory; a larger document is refused.</summary>
    public long MaxJsonLdBytes { get; init; } = 256L * 1024 * 1024;
}
