namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>A document could not be turned into triples; the triples already passed to the sink are incomplete.</summary>
public class RdfParseException : Exception
{
    public RdfParseException(string message) : base(message) { }

    public RdfParseException(string message, Exception? innerException) : base(message, innerException) { }
}
