namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Receives triples as a parser reads them, so that a document need not be held in memory.</summary>
public interface ITripleSink
{
    void Add(Triple triple);
}
