namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>An RDF triple. The subject is an IRI or a blank node; the predicate an IRI.</summary>
public sealed class Triple : IEquatable<Triple>
{
    public Triple(RdfTerm subject, Iri predicate, RdfTerm @object)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(@object);
        if (subject is Literal) throw new ArgumentException("a literal cannot be the subject of a triple", nameof(subject));
        Subject = subject;
        Predicate = predicate;
        Object = @object;
    }

    public RdfTerm Subject { get; }

    public Iri Predicate { get; }

    public RdfTerm Object { get; }

    public bool Equals(Triple? other) =>
        other is not null && Subject.Equals(other.Subject) && Predicate.Equals(other.Predicate) && Object.Equals(other.Object);

    public override bool Equals(object? obj) => Equals(obj as Triple);

    public override int GetHashCode() => HashCode.Combine(Subject, Predicate, Object);

    /// <summary>The triple as one N-Triples line, without the line break.</summary>
    public override string ToString() => NTriplesWriter.Format(this);
}
