using System.Text.Json.Nodes;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// A record's content is the same JSON whatever the syntax, the triple order or the blank node labels of the page,
/// so a catalog that moves from RDF/XML to Turtle is re-harvested as not modified.
/// </summary>
public sealed class RecordContentTests
{
    [FixtureTheory]
    [InlineData("w3c-dcat3/basic-example", ".ttl", ".rdf", ".jsonld")]
    [InlineData("w3c-dcat3/series-membership", ".ttl", ".rdf", ".jsonld")]
    [InlineData("w3c-dcat3/csiro-dap-examples", ".ttl", ".rdf", ".jsonld")]
    // Its JSON-LD gives dcat:byteSize as a plain string where the others type it xsd:integer: not the same triples.
    [InlineData("w3c-dcat3/threddsABC", ".ttl", ".rdf", ".rdf")]
    public async Task The_syntaxes_of_a_w3c_example_give_the_same_records(string example, params string[] extensions)
    {
        var contents = new List<List<(string Guid, string? Content, string? Error)>>();
        foreach (var extension in extensions)
        {
            var (records, _) = await DcatTestKit.GatherAsync(Fixtures.Path("dcat/" + example + extension));
            contents.Add([.. records.Select(r => (r.Guid, r.Content, r.Error is null ? null : r.Error[r.Error.IndexOf(" is ", StringComparison.Ordinal)..]))
                .OrderBy(r => r.Content, StringComparer.Ordinal)]);
        }
        Assert.NotEmpty(contents[0]);
                Assert.Equal(contents[0], contents[1]);
        Assert.Equal(contents[0], contents[2]);
    }

    [FixtureFact]
    public async Task A_dataset_is_described_with_its_distributions_publisher_and_blank_nodes_inline()
    {
        var (records, _) = await DcatTestKit.GatherAsync(Fixtures.Path("dcat/dcat-us-3/example1-dcat-us-3.0.ttl"));
        var content = JsonNode.Parse(Assert.Single(records).Content!)!.AsObject();

        Assert.Equal("https://inventory.data.gov/dataset/9a9e946e-124e-46f5-a934-e458a6c1c2b2", (string?)content["@id"]);
        Assert.Equal("""["dcat:Dataset"]""", content["@type"]!.ToJsonString());
        Assert.Equal("""[{"@type":"xsd:date","@value":"2002-01-01"}]""", content["dct:issued"]!.ToJsonString());
        var publisher = content["dct:publisher"]!.AsArray().Single()!.AsObject();
        Assert.Equal("""["General Services Administration"]""", publisher["foaf:name"]!.ToJsonString());
        var contact = content["dcat:contactPoint"]!.AsArray().Single()!.AsObject();
        Assert.False(contact.ContainsKey("@id"));
        Assert.Equal("""[{"@id":"mailto:valerie.butler@gsa.gov"}]""", contact["vcard:hasEmail"]!.ToJsonString());
        var distributions = content["dcat:distribution"]!.AsArray();
        Assert.Equal(3, distributions.Count);
        Assert.All(distributions, d => Assert.True(d!.AsObject().ContainsKey("dcat:downloadURL")));
        // Keys sorted, values sorted: the JSON is its own canonical form.
        Assert.Equal(content.Select(p => p.Key).Order(StringComparer.Ordinal), content.Select(p => p.Key));
    }
}
