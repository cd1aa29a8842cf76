using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Rdf;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests;

/// <summary>Every RDF file under fixtures/dcat parses to the same graph as rdflib gives, or fails in both.</summary>
public sealed class OracleTests
{
    public static TheoryData<string> DcatFiles()
    {
        var data = new TheoryData<string>();
        if (Fixtures.Folder is null)
        {
            data.Add("(fixtures absent)");
            return data;
        }
        var root = Fixtures.Path("dcat");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetExtension(file) is ".ttl" or ".rdf" or ".jsonld" or ".json" or ".nt")
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        return data;
    }

    [OracleTheory]
    [MemberData(nameof(DcatFiles))]
    public void Parses_like_rdflib(string file)
    {
        var path = Fixtures.Path(Path.Combine("dcat", file));
        var contexts = new Dictionary<string, string>
        {
            [RdflibOracle.DcatUsContextUrl] = Fixtures.Path("dcat/dcat-us-3/context/dcat-us-3.0.jsonld"),
        };
        var (expected, rdflibError) = RdflibOracle.Parse(path, contexts);

        var options = DcatFixtures.Options(path);
        var ours = new RdfGraph();
        RdfSyntaxException? ourError = null;
        try
        {
            using var stream = File.OpenRead(path);
            RdfParser.Parse(stream, DcatFixtures.FormatOf(path), ours, options);
        }
        catch (RdfSyntaxException e)
        {
            ourError = e;
        }

        if (expected is null)
        {
            Assert.True(ourError is not null, $"rdflib cannot parse {file} ({rdflibError}) but we read {ours.Count} triples");
            return;
        }
        Assert.True(ourError is null, $"rdflib parses {file} but we fail: {ourError?.Message}");
        var theirs = new RdfGraph();
        new NTriplesParser(new RdfParserOptions { BlankNodePrefix = "rdflib" }).Parse(new StringReader(expected), theirs);
        var difference = GraphComparer.Difference(theirs, ours);
        Assert.True(difference is null, $"{file}: our graph differs from rdflib's\n{difference}");
    }
}
