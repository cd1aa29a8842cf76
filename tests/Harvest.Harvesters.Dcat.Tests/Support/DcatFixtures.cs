using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Tests.Support;

/// <summary>How the tests read the fixtures/dcat files: format by extension, the DCAT-US context mapped locally.</summary>
public static class DcatFixtures
{
    public static RdfFormat FormatOf(string path) =>
        RdfFormatDetector.FromFileName(path) ?? throw new ArgumentException("not an RDF file: " + path);

    /// <summary>The same base IRI the oracle script gives rdflib, and the local copy of the DCAT-US 3 context.</summary>
    public static RdfParserOptions Options(string path) => new()
    {
        BaseIri = "file:///" + Path.GetFileName(path),
        JsonLdContexts = new JsonLdContextMap()
            .AddFile(RdflibOracle.DcatUsContextUrl, Fixtures.Path("dcat/dcat-us-3/context/dcat-us-3.0.jsonld")),
    };

    public static RdfGraph Load(string relative)
    {
        var path = Fixtures.Path(Path.Combine("dcat", relative));
        using var stream = File.OpenRead(path);
        return RdfParser.Load(stream, FormatOf(path), Options(path));
    }
}
