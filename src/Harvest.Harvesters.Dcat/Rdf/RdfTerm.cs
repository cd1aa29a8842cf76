namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>A node of an RDF graph: an <see cref="Iri"/>, a <see cref="BlankNode"/> or a <see cref="Literal"/>.</summary>
/// <remarks>Terms compare by value; <see cref="object.ToString"/> gives the N-Triples form.</remarks>
public abstract class RdfTerm : IEquatable<RdfTerm>
{
    private protected RdfTerm() { }

    public abstract bool Equals(RdfTerm? other);

    public sealed override bool Equals(object? obj) => obj is RdfTerm other && Equals(other);

    public abstract override int GetHashCode();

    public override string ToString() => NTriplesWriter.Format(this);

    public static bool operator ==(RdfTerm? left, RdfTerm? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(RdfTerm? left, RdfTerm? right) => !(left == right);
}

/// <summary>An absolute IRI (parsers resolve relative references before making one).</summary>
public sealed class Iri : RdfTerm
{
    public Iri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public override bool Equals(RdfTerm? other) => other is Iri iri && string.Equals(Value, iri.Value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>A blank node. Its <see cref="Id"/> is only meaningful inside one parse (one document).</summary>
public sealed class BlankNode : RdfTerm
{
    public BlankNode(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
    }

    public string Id { get; }

    public override bool Equals(RdfTerm? other) => other is BlankNode node && string.Equals(Id, node.Id, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id) ^ 0x5bd1e995;
}

/// <summary>
/// A literal: a lexical form with a datatype IRI, and a language tag when the datatype is rdf:langString.
/// Lexical forms are kept as written (no normalisation of numbers or dates).
/// </summary>
public sealed class Literal : RdfTerm
{
    public Literal(string lexicalForm, Iri datatype, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(lexicalForm);
        ArgumentNullException.ThrowIfNull(datatype);
        if (language is not null)
        {
            if (language.Length == 0) throw new ArgumentException("a language tag cannot be empty", nameof(language));
            if (!datatype.Equals(RdfVocab.LangString))
                throw new ArgumentException("a literal with a language tag has the datatype rdf:langString", nameof(datatype));
        }
        else if (datatype.Equals(RdfVocab.LangString))
        {
            throw new ArgumentException("an rdf:langString literal needs a language tag", nameof(language));
        }
        LexicalForm = lexicalForm;
        Datatype = datatype;
        Language = language;
    }

    /// <summary>A simple literal (datatype xsd:string).</summary>
    public Literal(string lexicalForm) : this(lexicalForm, XsdVocab.String) { }

    public string LexicalForm { get; }

    public Iri Datatype { get; }

    /// <summary>The language tag as written, or null.</summary>
    public string? Language { get; }

    public static Literal LanguageTagged(string lexicalForm, string language) => new(lexicalForm, RdfVocab.LangString, language);

    public override bool Equals(RdfTerm? other) =>
        other is Literal literal
        && string.Equals(LexicalForm, literal.LexicalForm, StringComparison.Ordinal)
        && Datatype.Equals(literal.Datatype)
        && string.Equals(Language, literal.Language, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(LexicalForm), Datatype, Language is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Language));
}
