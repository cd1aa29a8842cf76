namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Reads one document and passes its triples to a sink as it goes. A document that is not valid throws
/// <see cref="RdfSyntaxException"/> (or another <see cref="RdfParseException"/>); the triples passed before then
/// are only part of the document and should be dropped.
/// </summary>
public interface IRdfParser
{
    RdfFormat Format { get; }

    /// <summary>Reads bytes; the encoding is UTF-8 unless a byte order mark (or, for RDF/XML, the XML declaration) says otherwise.</summary>
    void Parse(Stream input, ITripleSink sink);

    void Parse(TextReader input, ITripleSink sink);
}
