using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harvest.Engine;
using Harvest.Engine.Sources;

namespace Harvest.Harvesters.Geo.Tests;

/// <summary>The csw and waf source configs as <c>source create</c> checks them: normalised, or one message per bad key.</summary>
public sealed class GeoConfigTests
{
    private static IReadOnlyList<string> Refused(string type, string config)
    {
        using var harvest = new GeoHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.AddSource("https://geo.example.org/csw", type, config));
        return error.Errors;
    }

    [Fact]
    public void A_csw_config_with_five_bad_keys_gets_one_message_for_each()
    {
        var errors = Refused("csw", """{"page_size": 0, "cql": " ", "max_keywords": "many", "rate_limit": -1, "colour": "red"}""");

        Assert.Equal(5, errors.Count);
        Assert.Contains("'page_size' must be a whole number from 1 to 1000", errors);
        Assert.Contains("'cql' must not be empty", errors);
        Assert.Contains("'max_keywords' must be a whole number", errors);
        Assert.Contains("'rate_limit' must be a number of requests per second, 0 or more", errors);
        Assert.Single(errors, e => e.StartsWith("unknown key 'colour' (known keys: page_size, cql, keywords, default_tags", StringComparison.Ordinal));
    }

    [Fact]
    public void Cql_and_keywords_together_are_refused_with_one_message()
    {
        Assert.Equal(["'cql' and 'keywords' cannot be used together: put the keywords in the CQL text"],
            Refused("csw", """{"cql": "AnyText like '%roads%'", "keywords": ["roads"]}"""));
    }

    [Fact]
    public void A_waf_config_with_three_bad_keys_gets_one_message_for_each()
    {
        var errors = Refused("waf", """{"max_depth": -1, "delete_missing": "yes", "default_extras": ["x"], "page_size": 5}""");

        Assert.Equal(4, errors.Count);
        Assert.Contains("'max_depth' must be a whole number from 0 to 100", errors);
        Assert.Contains("'delete_missing' must be true or false", errors);
        Assert.Contains("'default_extras' must be an object of string values", errors);
        Assert.Single(errors, e => e.StartsWith("unknown key 'page_size'", StringComparison.Ordinal));
    }

    [Fact]
    public void Good_configs_are_stored_normalised()
    {
        using var harvest = new GeoHarvest();

        var csw = harvest.AddSource("https://geo.example.org/csw", "csw",
            """{"page_size": "25", "keywords": ["roads", " rivers"], "max_keywords": 3000, "require_nil_reasons": false, "notification_emails": "gis@example.org"}""");
        var waf = harvest.AddSource("https://geo.example.org/waf/", "waf", """{"max_depth": 0, "rate_limit": "2.5", "default_tags": ["geo"]}""", name: "folder");

        var cswConfig = JsonNode.Parse(csw.Config!)!.AsObject();
        Assert.Equal(25, cswConfig["page_size"]!.GetValue<long>());
        Assert.Equal(["roads", "rivers"], cswConfig["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.False(cswConfig["require_nil_reasons"]!.GetValue<bool>());
        Assert.Equal(["gis@example.org"], cswConfig["notification_emails"]!.AsArray().Select(k => k!.GetValue<string>()));
        var wafConfig = JsonNode.Parse(waf.Config!)!.AsObject();
        Assert.Equal(2.5, wafConfig["rate_limit"]!.GetValue<double>());
        Assert.Equal(["geo"], wafConfig["default_tags"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public void Both_types_are_listed_with_their_config_keys()
    {
        using var harvest = new GeoHarvest();
        var types = harvest.Engine.Registry.List().ToDictionary(t => t.Name);

        string[] shared = ["default_tags", "default_groups", "default_extras", "max_keywords", "require_nil_reasons", "delete_missing", "rate_limit"];
        string[] everyType = ["notification_emails", "max_delete_percent", "force_delete", "conditional_get"];
        Assert.Equal(["page_size", "cql", "keywords", .. shared, .. everyType], types["csw"].ConfigKeys.Select(k => k.Key));
        Assert.Equal(["max_depth", .. shared, .. everyType], types["waf"].ConfigKeys.Select(k => k.Key));
        Assert.Equal("10", types["csw"].ConfigKeys.Single(k => k.Key == "page_size").Default);
        Assert.Equal("1000", types["waf"].ConfigKeys.Single(k => k.Key == "max_keywords").Default);
        Assert.Equal("false", types["csw"].ConfigKeys.Single(k => k.Key == "delete_missing").Default);
    }

    [Fact]
    public void The_readme_tables_document_exactly_the_keys_each_type_accepts()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Geospatial sources", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var shared = TableKeys(section[..section.IndexOf("### CSW", StringComparison.Ordinal)]);
        var csw = TableKeys(section[section.IndexOf("### CSW", StringComparison.Ordinal)..section.IndexOf("### WAF", StringComparison.Ordinal)]);
        var waf = TableKeys(section[section.IndexOf("### WAF", StringComparison.Ordinal)..]);

        using var harvest = new GeoHarvest();
        var types = harvest.Engine.Registry.List().ToDictionary(t => t.Name);
        // The keys every type accepts are documented once, in "How a harvest behaves" and "Status mail".
        IEnumerable<string> Own(string type) => types[type].ConfigKeys.Select(k => k.Key).Except(SourceConfig.CommonKeys.Select(k => k.Key)).Order();
        Assert.Equal(Own("csw"), csw.Concat(shared).Order());
        Assert.Equal(Own("waf"), waf.Concat(shared).Order());
    }

    /// <summary>The first-column keys of the markdown tables in a piece of text.</summary>
    private static List<string> TableKeys(string text) =>
        Regex.Matches(text, @"^\| `([a-z_]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harvest.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Harvest.slnx not found above the test folder");
    }
}
