using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Tests.Support;

/// <summary>Short helpers for the parser tests: parse a string, write the sorted N-Triples.</summary>
public static class Rdf
{
    public static RdfGraph Parse(RdfFormat format, string text, string? baseIri = "http://example.org/doc", JsonLdContextMap? contexts = null) =>
        RdfParser.Load(text, format, new RdfParserOptions { BaseIri = baseIri, JsonLdContexts = contexts });

    /// <summary>The graph as sorted N-Triples with blank nodes renamed by <see cref="GraphComparer"/>.</summary>
    public static string Lines(RdfGraph graph) => string.Join("\n", GraphComparer.Canonical(graph));

    /// <summary>Asserts that the two documents (any formats) give the same graph.</summary>
    public static void SameGraph(RdfGraph expected, RdfGraph actual)
    {
        var difference = GraphComparer.Difference(expected, actual);
        Assert.True(difference is null, difference);
    }

    public static RdfGraph NTriples(string text) => RdfParser.Load(text, RdfFormat.NTriples);
}
