using Harvest.Harvesters.DataJson.Validation;
using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>Opt-in DCAT-US validation of harvested records (config validator_schema, continue_on_validation_errors).</summary>
public sealed class ValidationHarvestTests
{
    [FixtureFact]
    public async Task Without_a_validator_schema_an_invalid_record_with_an_identifier_and_title_imports()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("error-multiple-invalid.json"));
        Assert.Equal(new JobStats { Added = 1 }, (await harvest.RunAsync()).Stats);
    }

    [FixtureFact]
    public async Task An_invalid_record_becomes_an_errored_object_with_one_message_listing_every_failing_field()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("error-multiple-invalid.json"), config: """{"validator_schema": "federal"}""");
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Errored = 1 }, report.Stats);
        Assert.Empty(harvest.Engine.Datasets("test-source"));
        var message = Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message;
        Assert.Contains("not valid DCAT-US 1.1 (federal)", message);
        Assert.Contains("bureauCode: required (value: missing)", message);
        Assert.Contains("programCode: required (value: missing)", message);
        Assert.Contains("contactPoint.hasEmail: ", message);
        Assert.Contains("\"ocagoadmin@oakgov.com\"", message);
    }

    [FixtureFact]
    public async Task The_usda_catalog_is_valid_federal_dcat_us()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("usda.gov.data.json"), config: """{"validator_schema": "federal"}""");
        Assert.Equal(new JobStats { Added = 3 }, (await harvest.RunAsync()).Stats);
    }

    [FixtureFact]
    public async Task Continue_on_validation_errors_imports_the_record_and_keeps_the_message_as_a_warning()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Fixtures.DataJson("error-multiple-invalid.json"),
            config: """{"validator_schema": "non-federal", "continue_on_validation_errors": true}""");
        var report = await harvest.RunAsync();

        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var harvestObject = Assert.Single(harvest.Engine.Objects(new Store.ObjectQuery(JobId: report.JobId)));
        Assert.Contains("not valid DCAT-US 1.1 (non-federal)", harvestObject.Extras[ObjectExtras.Warning]);
    }

    [Fact]
    public void Every_failing_field_is_listed_with_its_rule_and_an_excerpt_of_its_value()
    {
        var problems = DcatUsValidator.ForProfile("non-federal").Validate("""
            { "title": "", "identifier": "x", "description": "d", "keyword": [], "modified": "yesterday",
              "publisher": {"name": "P", "subOrganizationOf": {"name": ""}}, "accessLevel": "open",
              "contactPoint": {"fn": "F", "hasEmail": "mailto:a@b.org"}, "landingPage": "not a uri",
              "distribution": [{"downloadURL": "https://example.org/a.csv"}], "spatial": {"coordinates": [["x"]]} }
            """);
        Assert.Equal("title: a non-empty string (value: \"\")", problems[0].ToString());
        var fields = problems.Select(p => p.Field).ToList();
        Assert.Equal(["title", "keyword", "modified", "publisher.subOrganizationOf.name", "accessLevel", "landingPage",
            "distribution[0].mediaType", "spatial.coordinates[0][0]"], fields);
        Assert.Contains(problems, p => p.Field == "distribution[0].mediaType" && p.Rule == "required when downloadURL is given");
        Assert.Contains(problems, p => p.Field == "accessLevel" && p.Rule.Contains("\"restricted public\"") && p.Value == "\"open\"");
    }

    [Fact]
    public void Federal_requires_bureau_and_program_codes_that_non_federal_may_leave_null()
    {
        const string record = """
            { "title": "T", "identifier": "x", "description": "d", "keyword": ["k"], "modified": "2024-01-31",
              "publisher": {"name": "P"}, "accessLevel": "public", "contactPoint": {"fn": "F", "hasEmail": "mailto:a@b.org"},
              "bureauCode": null, "programCode": null }
            """;
        Assert.Empty(DcatUsValidator.ForProfile("non-federal").Validate(record));
        Assert.Equal(["bureauCode", "programCode"], DcatUsValidator.ForProfile("federal").Validate(record).Select(p => p.Field).ToList());
    }

    [Theory]
    [InlineData("https://example.org/a b", false)]
    [InlineData("https://example.org/a%20b?q=1#top", true)]
    [InlineData("urn:isbn:0451450523", true)]
    [InlineData("urn:", false)]
    [InlineData("example.org/data", false)]
    [InlineData("https://example.org/é", false)]
    [InlineData("HTTP://EXAMPLE.ORG", true)]
    public void Uri_fields_follow_the_uri_format(string uri, bool valid)
    {
        var record = $$"""
            { "title": "T", "identifier": "x", "description": "d", "keyword": ["k"], "modified": "R/P1D",
              "publisher": {"name": "P"}, "accessLevel": "public", "contactPoint": {"fn": "F", "hasEmail": "mailto:a@b.org"},
              "landingPage": {{System.Text.Json.JsonSerializer.Serialize(uri)}} }
            """;
        Assert.Equal(valid, DcatUsValidator.ForProfile("non-federal").Validate(record).Count == 0);
    }
}
