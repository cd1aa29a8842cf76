using System.Collections;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>A set of triples in memory (duplicates are dropped), indexed by subject for lookups.</summary>
public sealed class RdfGraph : ITripleSink, IReadOnlyCollection<Triple>
{
    private readonly HashSet<Triple> _triples = [];
    private readonly List<Triple> _ordered = [];
    private readonly Dictionary<RdfTerm, List<Triple>> _bySubject = [];

    public int Count => _ordered.Count;

    /// <summary>Adds a triple; returns false when the graph already held it.</summary>
    public bool Add(Triple triple)
    {
        ArgumentNullException.ThrowIfNull(triple);
        if (!_triples.Add(triple)) return false;
        _ordered.Add(triple);
        if (!_bySubject.TryGetValue(triple.Subject, out var list)) _bySubject[triple.Subject] = list = [];
        list.Add(triple);
        return true;
    }

    void ITripleSink.Add(Triple triple) => Add(triple);

    public bool Contains(Triple triple) => _triples.Contains(triple);

    /// <summary>The triples matching a pattern; a null position matches anything.</summary>
    public IEnumerable<Triple> Match(RdfTerm? subject = null, Iri? predicate = null, RdfTerm? @object = null)
    {
        IEnumerable<Triple> candidates = subject is null
            ? _ordered
            : _bySubject.TryGetValue(subject, out var list) ? list : [];
        foreach (var triple in candidates)
        {
            if (predicate is not null && !triple.Predicate.Equals(predicate)) continue;
            if (@object is not null && !triple.Object.Equals(@object)) continue;
            yield return triple;
        }
    }

    /// <summary>The objects of the triples with this subject and predicate.</summary>
    public IEnumerable<RdfTerm> Objects(RdfTerm subject, Iri predicate) => Match(subject, predicate).Select(t => t.Object);

    /// <summary>The subjects of the triples with this predicate and object, e.g. every node typed dcat:Dataset.</summary>
    public IEnumerable<RdfTerm> Subjects(Iri predicate, RdfTerm @object) => Match(null, predicate, @object).Select(t => t.Subject).Distinct();

    public IEnumerator<Triple> GetEnumerator() => _ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
