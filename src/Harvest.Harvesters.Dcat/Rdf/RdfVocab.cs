namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>IRIs of the RDF vocabulary that the parsers produce.</summary>
public static class RdfVocab
{
    public const string Namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    public static readonly Iri Type = new(Namespace + "type");
    public static readonly Iri First = new(Namespace + "first");
    public static readonly Iri Rest = new(Namespace + "rest");
    public static readonly Iri Nil = new(Namespace + "nil");
    public static readonly Iri LangString = new(Namespace + "langString");
    public static readonly Iri XmlLiteral = new(Namespace + "XMLLiteral");
    public static readonly Iri Json = new(Namespace + "JSON");
    public static readonly Iri Statement = new(Namespace + "Statement");
    public static readonly Iri Subject = new(Namespace + "subject");
    public static readonly Iri Predicate = new(Namespace + "predicate");
    public static readonly Iri Object = new(Namespace + "object");
}

/// <summary>IRIs of the XML Schema datatypes that the parsers produce.</summary>
public static class XsdVocab
{
    public const string Namespace = "http://www.w3.org/2001/XMLSchema#";

    public static readonly Iri String = new(Namespace + "string");
    public static readonly Iri Integer = new(Namespace + "integer");
    public static readonly Iri Decimal = new(Namespace + "decimal");
    public static readonly Iri Double = new(Namespace + "double");
    public static readonly Iri Boolean = new(Namespace + "boolean");
}
