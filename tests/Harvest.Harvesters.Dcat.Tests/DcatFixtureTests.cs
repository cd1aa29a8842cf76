using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Rdf;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests;

/// <summary>The fixtures/dcat catalogs against the counts in fixtures/README.md, section "dcat/".</summary>
public sealed class DcatFixtureTests
{
    private const string Dcat = "http://www.w3.org/ns/dcat#";
    private static readonly Iri Title = new("http://purl.org/dc/terms/title");

    /// <summary>
    /// The README calls the three formats of each W3C example the same graph; rdflib agrees except for two upstream
    /// edits that only one file got: basic-example.rdf has foaf:homepage &lt;http://example.org/catalog&gt; where the
    /// others have http://dcat.example.org/catalog, and threddsABC.jsonld gives dcat:byteSize no xsd:integer.
    /// Those two triples are put back as the others have them, and then the graphs must be equal.
    /// </summary>
    [FixtureFact]
    public void The_three_formats_of_each_W3C_example_are_the_same_graph()
    {
        foreach (var (name, triples) in new[] { ("basic-example", 37), ("series-membership", 16), ("csiro-dap-examples", 410), ("threddsABC", 54) })
        {
            var turtle = DcatFixtures.Load($"w3c-dcat3/{name}.ttl");
            var xml = DcatFixtures.Load($"w3c-dcat3/{name}.rdf");
            var jsonLd = DcatFixtures.Load($"w3c-dcat3/{name}.jsonld");
            Assert.Equal(triples, turtle.Count);
            Assert.Equal(triples, xml.Count);
            Assert.Equal(triples, jsonLd.Count);
            if (name == "basic-example")
                xml = Replace(xml, new Iri("http://example.org/catalog"), new Iri("http://dcat.example.org/catalog"));
            if (name == "threddsABC")
                jsonLd = Replace(jsonLd, new Literal("39871230887"), new Literal("39871230887", XsdVocab.Integer));
            Assert.Null(GraphComparer.Difference(turtle, xml));
            Assert.Null(GraphComparer.Difference(turtle, jsonLd));
        }
    }

    /// <summary>The graph with one object replaced, which must be there exactly once.</summary>
    private static RdfGraph Replace(RdfGraph graph, RdfTerm from, RdfTerm to)
    {
        Assert.Single(graph.Match(null, null, from));
        var result = new RdfGraph();
        foreach (var t in graph) result.Add(t.Object.Equals(from) ? new Triple(t.Subject, t.Predicate, to) : t);
        return result;
    }

    [FixtureTheory]
    [InlineData("dcat-ap-3/example-ms_catalogue.ttl", 48)]
    [InlineData("dcat-ap-3/example-ms_catalogue.jsonld", 48)]
    [InlineData("dcat-ap-3/example-ms_dataset_2_distributions.ttl", 25)]
    [InlineData("dcat-ap-3/example-ms_dataset_2_distributions.jsonld", 25)]
    [InlineData("dcat-ap-3/dcat-ap-2.1.1-example1.nt", 23)]
    [InlineData("dcat-us-3/catalog.ttl", 20)]
    [InlineData("dcat-us-3/catalog.jsonld", 19)]
    [InlineData("dcat-us-3/dataset-series.ttl", 43)]
    [InlineData("dcat-us-3/dataset-series.jsonld", 42)]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.ttl", 82)]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.json", 77)]
    public void Triple_counts_match_the_fixture_table(string file, int triples) =>
        Assert.Equal(triples, DcatFixtures.Load(file).Count);

    [FixtureTheory]
    [InlineData("w3c-dcat3/basic-example.ttl", 1, 1)]
    [InlineData("w3c-dcat3/series-membership.rdf", 1, 3)]
    [InlineData("w3c-dcat3/csiro-dap-examples.jsonld", 0, 9)]
    [InlineData("w3c-dcat3/threddsABC.rdf", 1, 1)]
    [InlineData("dcat-ap-3/example-ms_catalogue.ttl", 0, 1)]
    [InlineData("dcat-ap-3/example-ms_dataset_2_distributions.jsonld", 0, 1)]
    [InlineData("dcat-ap-3/example-bees_wasps_dataset.jsonld", 0, 2)]
    [InlineData("dcat-ap-3/dcat-ap-2.1.1-example1.nt", 1, 1)]
    [InlineData("dcat-us-3/catalog.ttl", 1, 2)]
    [InlineData("dcat-us-3/catalog.jsonld", 1, 2)]
    [InlineData("dcat-us-3/dataset-series.ttl", 0, 2)]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.json", 0, 1)]
    public void Catalogs_and_datasets_match_the_fixture_table(string file, int catalogs, int datasets)
    {
        var graph = DcatFixtures.Load(file);
        Assert.Equal(catalogs, graph.Subjects(RdfVocab.Type, new Iri(Dcat + "Catalog")).Count());
        Assert.Equal(datasets, graph.Subjects(RdfVocab.Type, new Iri(Dcat + "Dataset")).Count());
    }

    [FixtureFact]
    public void Csiro_has_five_blank_node_datasets_and_the_listed_titles()
    {
        var graph = DcatFixtures.Load("w3c-dcat3/csiro-dap-examples.ttl");
        var datasets = graph.Subjects(RdfVocab.Type, new Iri(Dcat + "Dataset")).ToList();
        Assert.Equal(5, datasets.OfType<BlankNode>().Count());
        var titles = datasets.SelectMany(d => graph.Objects(d, Title)).OfType<Literal>().Select(l => l.LexicalForm).ToList();
        Assert.Equal(2, titles.Count(t => t == "Parkes observations for project P366 semester 2003SEPT"));
        Assert.Equal(2, titles.Count(t => t == "RDF representation of 2017 edition of International Chronostratigraphic Chart (Geologic Timescale)"));
        Assert.Contains("Geological timescale ontology", titles);
    }

    [FixtureFact]
    public void The_DCAT_US_catalog_keeps_the_odd_predicate_with_a_trailing_colon()
    {
        var graph = DcatFixtures.Load("dcat-us-3/catalog.ttl");
        var language = Assert.Single(graph.Match(null, new Iri("http://purl.org/dc/terms/language:")));
        Assert.Equal(new Literal("en"), language.Object);
    }

    [FixtureFact]
    public void The_DCAT_US_JSON_LD_example_uses_the_mapped_remote_context_and_its_scoped_bases()
    {
        var graph = DcatFixtures.Load("dcat-us-3/example1-dcat-us-3.0.json");
        var dataset = new Iri("https://inventory.data.gov/dataset/9a9e946e-124e-46f5-a934-e458a6c1c2b2");
        Assert.Equal([new Literal("Inventory of Owned and Leased Properties (IOLP)")], graph.Objects(dataset, Title));
        Assert.Equal([new Iri("http://purl.org/cld/freq/weekly")], graph.Objects(dataset, new Iri("http://purl.org/dc/terms/accrualPeriodicity")));
        Assert.Equal([new Iri("http://id.loc.gov/vocabulary/iso639-1/en-us")], graph.Objects(dataset, new Iri("http://purl.org/dc/terms/language")));
        Assert.Equal(3, graph.Objects(dataset, new Iri(Dcat + "distribution")).Count());
    }

    [FixtureFact]
    public void The_bees_and_wasps_Turtle_is_a_syntax_error_on_its_first_line_not_an_empty_graph()
    {
        var path = Fixtures.Path("dcat/dcat-ap-3/example-bees_wasps_dataset.ttl");
        using var stream = File.OpenRead(path);
        var graph = new RdfGraph();
        var error = Assert.Throws<RdfSyntaxException>(() => new TurtleParser(DcatFixtures.Options(path)).Parse(stream, graph));
        Assert.Equal(1, error.Line);
        Assert.Equal(40, error.Column);
        Assert.Contains("expected '.' to end the @prefix directive", error.Message);
        Assert.StartsWith("line 1, column 40: Turtle syntax error", error.Message);
        Assert.Empty(graph);
    }

    [FixtureFact]
    public void Without_the_context_map_the_DCAT_US_JSON_LD_names_the_unknown_context()
    {
        using var stream = File.OpenRead(Fixtures.Path("dcat/dcat-us-3/catalog.jsonld"));
        var error = Assert.Throws<JsonLdContextNotFoundException>(() => new JsonLdParser().Parse(stream, new RdfGraph()));
        Assert.Equal(RdflibOracle.DcatUsContextUrl, error.ContextUrl);
        Assert.Contains(RdflibOracle.DcatUsContextUrl, error.Message);
    }
}
