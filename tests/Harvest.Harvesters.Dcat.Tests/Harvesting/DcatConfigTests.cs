using Harvest.Engine.Sources;
using Harvest.Harvesters.Dcat.Harvesting;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>The dcat source config: normalised when good, one message per bad key when not.</summary>
public sealed class DcatConfigTests
{
    private static ConfigValidation Validate(string json) => new DcatHarvester().ValidateConfig(ConfigReader.Parse(json));

    [Theory]
    [InlineData("turtle", "turtle")]
    [InlineData("TTL", "turtle")]
    [InlineData("xml", "rdf/xml")]
    [InlineData("application/rdf+xml", "rdf/xml")]
    [InlineData("nt", "n-triples")]
    [InlineData("json-ld", "json-ld")]
    [InlineData("application/ld+json", "json-ld")]
    public void Rdf_format_accepts_rdflib_names_and_media_types(string given, string normalised)
    {
        var result = Validate($$"""{"rdf_format": "{{given}}"}""");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(normalised, (string?)result.Config!["rdf_format"]);
    }

    [Fact]
    public void A_good_config_is_kept()
    {
        var result = Validate("""
            {"language": "pt-BR", "delete_missing": true, "jsonld_contexts": {"https://example.test/ctx.jsonld": "/opt/contexts/ctx.jsonld"},
             "default_tags": ["a", " b"], "default_groups": ["g"], "default_extras": {"k": "v"}}
            """);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("""["a","b"]""", result.Config!["default_tags"]!.ToJsonString());
    }

    [Fact]
    public void Every_bad_key_has_its_own_message()
    {
        var result = Validate("""
            {"rdf_format": "csv", "language": "english please", "delete_missing": "yes", "jsonld_contexts": {"ctx.jsonld": "/x", "https://e.test/c": ""},
             "default_tags": 3, "page_size": 10}
            """);
        Assert.False(result.IsValid);
        Assert.Equal(
        [
            "'default_tags' must be a list of strings",
            "'delete_missing' must be true or false",
            "'jsonld_contexts' maps \"ctx.jsonld\", which is not an http(s) URL",
            "'jsonld_contexts' maps https://e.test/c to an empty path",
            "'language' must be a language tag such as en or pt-BR, not \"english please\"",
            "'rdf_format' must be turtle, n-triples, rdf/xml or json-ld, not \"csv\"",
            "unknown key 'page_size' (known keys: rdf_format, language, delete_missing, jsonld_contexts, default_tags, default_groups, default_extras)",
        ], result.Errors.Order(StringComparer.Ordinal));
    }
}
