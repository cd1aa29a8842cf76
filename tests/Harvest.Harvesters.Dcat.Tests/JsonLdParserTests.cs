using System.Net;
using System.Net.Sockets;
using Harvest.Harvesters.Dcat.Rdf;
using static Harvest.Harvesters.Dcat.Tests.Support.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

public sealed class JsonLdParserTests
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    private static RdfGraph JsonLd(string json, JsonLdContextMap? contexts = null) => Parse(RdfFormat.JsonLd, json, "http://doc.test/dir/file.jsonld", contexts);

    private static void Gives(string expectedNTriples, RdfGraph graph) => SameGraph(NTriples(expectedNTriples), graph);

    [Fact]
    public void Prefixes_vocab_base_and_coercion_expand_to_IRIs_and_typed_literals()
    {
        Gives($"""
            <http://doc.test/dir/cat> <{Rdf}type> <http://v.test/Catalog> .
            <http://doc.test/dir/cat> <http://v.test/title> "Catalog" .
            <http://doc.test/dir/cat> <http://purl.org/dc/terms/issued> "2020-01-01"^^<{Xsd}date> .
            <http://doc.test/dir/cat> <http://v.test/homepage> <http://doc.test/dir/home> .
            <http://doc.test/dir/cat> <http://v.test/theme> <http://v.test/Health> .
            <http://doc.test/dir/cat> <http://purl.org/dc/terms/license> <http://licence.test/cc0> .
            <http://doc.test/dir/cat> <http://v.test/size> "12"^^<{Xsd}decimal> .
            <http://doc.test/dir/cat> <urn:x:note> "an absolute IRI as a key stays as it is" .
            """, JsonLd("""
            {
              "@context": {
                "@vocab": "http://v.test/",
                "dct": "http://purl.org/dc/terms/",
                "issued": { "@id": "dct:issued", "@type": "http://www.w3.org/2001/XMLSchema#date" },
                "homepage": { "@type": "@id" },
                "theme": { "@type": "@vocab" },
                "size": { "@type": "http://www.w3.org/2001/XMLSchema#decimal" }
              },
              "@id": "cat",
              "@type": "Catalog",
              "title": "Catalog",
              "issued": "2020-01-01",
              "homepage": "home",
              "theme": "Health",
              "dct:license": { "@id": "http://licence.test/cc0" },
              "size": "12",
              "urn:x:note": "an absolute IRI as a key stays as it is"
            }
            """));
    }

    [Fact]
    public void An_explicit_base_and_terms_mapped_to_null_or_not_at_all_are_handled()
    {
        Gives("""
            <http://base.test/x/item> <http://v.test/kept> "yes" .
            """, JsonLd("""
            {
              "@context": { "@base": "http://base.test/x/", "kept": "http://v.test/kept", "dropped": null },
              "@id": "item",
              "kept": "yes",
              "dropped": "no",
              "unmapped": "no"
            }
            """));
    }

    [Fact]
    public void Languages_come_from_the_value_the_term_the_default_or_a_language_map()
    {
        Gives("""
            <http://n.test/s> <http://v.test/title> "Default"@en .
            <http://n.test/s> <http://v.test/title> "Valeur"@fr .
            <http://n.test/s> <http://v.test/code> "X1" .
            <http://n.test/s> <http://v.test/name> "Nom"@fr .
            <http://n.test/s> <http://v.test/name> "Name"@en .
            <http://n.test/s> <http://v.test/name> "Untagged" .
            """, JsonLd("""
            {
              "@context": {
                "@vocab": "http://v.test/", "@language": "en",
                "code": { "@language": null },
                "nameMap": { "@id": "http://v.test/name", "@container": "@language" }
              },
              "@id": "http://n.test/s",
              "title": ["Default", { "@value": "Valeur", "@language": "fr" }],
              "code": "X1",
              "nameMap": { "fr": "Nom", "en": ["Name"], "@none": "Untagged" }
            }
            """));
    }

    /// <summary>Integers below 10^21 keep all their digits (JavaScript would round 123456789012345678901).</summary>
    [Fact]
    public void Native_numbers_and_booleans_become_xsd_literals_in_canonical_form()
    {
        Gives($"""
            <http://n.test/s> <http://v.test/n> "42"^^<{Xsd}integer> .
            <http://n.test/s> <http://v.test/n> "-3"^^<{Xsd}integer> .
            <http://n.test/s> <http://v.test/n> "5"^^<{Xsd}integer> .
            <http://n.test/s> <http://v.test/n> "4.5E0"^^<{Xsd}double> .
            <http://n.test/s> <http://v.test/n> "1.0E21"^^<{Xsd}double> .
            <http://n.test/s> <http://v.test/n> "-2.5E-3"^^<{Xsd}double> .
            <http://n.test/s> <http://v.test/n> "123456789012345678901"^^<{Xsd}integer> .
            <http://n.test/s> <http://v.test/b> "true"^^<{Xsd}boolean> .
            <http://n.test/s> <http://v.test/typed> "7"^^<http://d.test/seven> .
            """, JsonLd("""
            {
              "@context": { "@vocab": "http://v.test/" },
              "@id": "http://n.test/s",
              "n": [42, -3, 5.0, 4.5, 1e21, -0.0025, 123456789012345678901],
              "b": true,
              "typed": { "@value": 7, "@type": "http://d.test/seven" }
            }
            """));
    }

    [Fact]
    public void Nested_nodes_lists_sets_reverse_and_graphs()
    {
        Gives($"""
            <http://n.test/cat> <http://v.test/dataset> _:d .
            _:d <http://v.test/title> "Nested" .
            _:d <http://v.test/distribution> _:shared .
            <http://n.test/other> <http://v.test/distribution> _:shared .
            <http://n.test/cat> <http://v.test/order> _:l1 .
            _:l1 <{Rdf}first> "a" .
            _:l1 <{Rdf}rest> _:l2 .
            _:l2 <{Rdf}first> <http://n.test/b> .
            _:l2 <{Rdf}rest> <{Rdf}nil> .
            <http://n.test/cat> <http://v.test/empty> <{Rdf}nil> .
            <http://n.test/cat> <http://v.test/tag> "x" .
            <http://n.test/cat> <http://v.test/tag> "y" .
            <http://n.test/part> <http://v.test/isPartOf> <http://n.test/cat> .
            <http://n.test/child> <http://v.test/parent> <http://n.test/cat> .
            <http://n.test/inGraph> <http://v.test/title> "from a named graph" .
            """, JsonLd("""
            {
              "@context": {
                "@vocab": "http://v.test/",
                "order": { "@container": "@list" },
                "tag": { "@container": "@set" },
                "children": { "@reverse": "http://v.test/parent" }
              },
              "@graph": [
                {
                  "@id": "http://n.test/cat",
                  "dataset": { "title": "Nested", "distribution": { "@id": "_:d1" } },
                  "order": ["a", { "@id": "http://n.test/b" }],
                  "empty": { "@list": [] },
                  "tag": { "@set": ["x", "y"] },
                  "@reverse": { "isPartOf": { "@id": "http://n.test/part" } },
                  "children": { "@id": "http://n.test/child" }
                },
                { "@id": "http://n.test/other", "distribution": { "@id": "_:d1" } },
                { "@id": "http://n.test/g", "@graph": [{ "@id": "http://n.test/inGraph", "title": "from a named graph" }] },
                "a free-floating string is dropped",
                { "@id": "http://n.test/alone" }
              ]
            }
            """));
    }

    [Fact]
    public void Type_scoped_contexts_stop_at_nested_nodes_and_property_scoped_ones_carry_on()
    {
        Gives("""
            <http://n.test/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://v.test/Dataset> .
            <http://n.test/d> <http://dataset.test/name> "dataset name" .
            <http://n.test/d> <http://v.test/publisher> _:p .
            _:p <http://v.test/name> "outer name" .
            <http://n.test/d> <http://v.test/language> <http://lang.test/fr> .
            """, JsonLd("""
            {
              "@context": {
                "@vocab": "http://v.test/",
                "Dataset": { "@context": { "name": "http://dataset.test/name" } },
                "language": { "@type": "@id", "@context": { "@base": "http://lang.test/" } }
              },
              "@id": "http://n.test/d",
              "@type": "Dataset",
              "name": "dataset name",
              "publisher": { "name": "outer name" },
              "language": "fr"
            }
            """));
    }

    [Fact]
    public void Keyword_aliases_nest_and_included_work()
    {
        Gives("""
            <http://n.test/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://v.test/T> .
            <http://n.test/s> <http://v.test/label> "nested" .
            <http://n.test/extra> <http://v.test/label> "included" .
            """, JsonLd("""
            {
              "@context": { "@vocab": "http://v.test/", "id": "@id", "type": "@type", "meta": "@nest" },
              "id": "http://n.test/s",
              "type": "T",
              "meta": { "label": "nested" },
              "@included": [{ "id": "http://n.test/extra", "label": "included" }]
            }
            """));
    }

    [Fact]
    public void Triples_with_IRIs_or_language_tags_that_are_not_well_formed_are_dropped()
    {
        Gives($"""
            <http://n.test/s> <http://v.test/ok> "kept" .
            <http://n.test/s> <http://v.test/list> _:l .
            _:l <{Rdf}rest> <{Rdf}nil> .
            """, JsonLd("""
            {
              "@context": { "@vocab": "http://v.test/", "list": { "@container": "@list", "@type": "@id" } },
              "@id": "http://n.test/s",
              "ok": "kept",
              "space": { "@id": "http://n.test/a b" },
              "http://v.test/two#hash#es": "dropped",
              "tag": { "@value": "x", "@language": "not a tag" },
              "list": ["http://n.test/bad iri"]
            }
            """));
    }

    [Fact]
    public void A_JSON_literal_is_written_in_JCS_canonical_form()
    {
        var graph = JsonLd("""
            {
              "@context": { "data": { "@id": "http://v.test/data", "@type": "@json" } },
              "@id": "http://n.test/s",
              "data": { "z": [1.50, 1e21, 1e-7, 100], "a": "tab\there \u00e9 \u001f", "m": null }
            }
            """);
        var literal = (Literal)Assert.Single(graph).Object;
        Assert.Equal(RdfVocab.Json, literal.Datatype);
        Assert.Equal("{\"a\":\"tab\\there é \\u001f\",\"m\":null,\"z\":[1.5,1e+21,1e-7,100]}", literal.LexicalForm);
    }

    [Fact]
    public void A_remote_context_comes_from_the_map_and_relative_context_URLs_resolve_first()
    {
        var contexts = new JsonLdContextMap()
            .Add("http://doc.test/contexts/shop.jsonld", """{ "@context": { "@vocab": "http://shop.test/", "@base": "http://ignored.test/" } }""");
        Gives("""
            <http://doc.test/dir/p1> <http://shop.test/price> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
            """, JsonLd("""{ "@context": "../contexts/shop.jsonld", "@id": "p1", "price": 3 }""", contexts));
    }

    [Fact]
    public async Task An_unknown_remote_context_is_an_error_naming_it_and_is_never_fetched()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/context.jsonld";
            var error = Assert.Throws<JsonLdContextNotFoundException>(() => JsonLd($$"""{ "@context": ["{{url}}"], "@id": "x" }"""));
            Assert.Equal(url, error.ContextUrl);
            Assert.Contains(url, error.Message);
            Assert.IsAssignableFrom<RdfParseException>(error);
            await Task.Delay(200);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_broken_mapped_context_names_its_URL()
    {
        var contexts = new JsonLdContextMap().Add("http://ctx.test/bad", "{ \"@context\": { \"a\": } }");
        var error = Assert.Throws<RdfSyntaxException>(() => JsonLd("""{ "@context": "http://ctx.test/bad", "a": 1 }""", contexts));
        Assert.Contains("http://ctx.test/bad", error.Message);
    }

    [Theory]
    [InlineData("{\n  \"@id\": \"x\",\n  \"p\": [1, 2,]\n}", 3, 14, "not valid JSON")]
    [InlineData("{\n  \"@context\": { \"@vocab\": \"http://v.test/\" },\n  \"@id\": 5\n}", 3, 10, "@id must be a string")]
    [InlineData("{\n  \"@context\": { \"@vocab\": \"http://v.test/\" },\n  \"p\": { \"@value\": { \"no\": 1 } }\n}", 3, 20, "@value must be")]
    [InlineData("{\n  \"@context\": {\n    \"t\": { \"@id\": \"http://v.test/t\", \"@container\": \"@bogus\" }\n  }\n}", 3, 52, "not a valid @container")]
    [InlineData("{\n  \"@context\": { \"@vocab\": \"http://v.test/\", \"@protected\": true, \"p\": \"http://v.test/p\" },\n  \"@graph\": [{ \"@context\": { \"p\": \"http://other.test/p\" }, \"p\": 1 }]\n}", 3, 35, "protected term")]
    [InlineData("{ \"@context\": 5 }", 1, 15, "@context must be")]
    public void Errors_name_the_line_and_column(string json, int line, int column, string reason)
    {
        var error = Assert.Throws<RdfSyntaxException>(() => JsonLd(json));
        Assert.Equal(RdfFormat.JsonLd, error.Format);
        Assert.Contains(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused()
    {
        var options = new RdfParserOptions { MaxJsonLdBytes = 100 };
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{ \"@id\": \"" + new string('x', 200) + "\" }"));
        var error = Assert.Throws<RdfParseException>(() => new JsonLdParser(options).Parse(stream, new RdfGraph()));
        Assert.Contains("MaxJsonLdBytes", error.Message);
    }
}
