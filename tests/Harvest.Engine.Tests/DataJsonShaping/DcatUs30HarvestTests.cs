using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>
/// The 12 DCAT-US 3.0 sample catalogs (datagov-harvester's) harvested as data.json sources with
/// <c>validator_schema: dcat-us-3.0</c>: the top-level datasets are the records, an Identifier object counts by its
/// <c>@id</c>, an invalid dataset errors with one message listing its failing fields, and a catalog without a
/// <c>dataset</c> array (invalid DCAT-US 3.0 as ajv says too) is a gather error.
/// </summary>
public sealed class DcatUs30HarvestTests
{
    private static string Catalog(string file) => Fixtures.Path(Path.Combine("schemas", "dcat-us-3.0", "catalogs", file));

    [FixtureTheory]
    [InlineData("dcatus3_0.json", 3, 1)]
    [InlineData("dcatus3_0_invalid.json", 1, 1)]
    [InlineData("dcatus3_0_nested_catalog.json", 1, 0)]
    [InlineData("dcatus3_0_no_identifier.json", 0, 1)]
    [InlineData("dcatus3_0_record_no_id.json", 1, 0)]
    [InlineData("dcatus3_0_series_member_also_top_level.json", 1, 0)]
    [InlineData("dcatus3_0_service_no_identifier.json", 1, 0)]
    [InlineData("dcatus3_0_warning.json", 3, 0)]
    [InlineData("dcatus3_0_with_records.json", 1, 0)]
    [InlineData("dcatus3_0_with_services.json", 1, 0)]
    public async Task A_sample_catalog_harvests_its_datasets_and_again_as_not_modified(string file, int added, int errored)
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Catalog(file), config: """{"validator_schema": "dcat-us-3.0"}""");
        var report = await harvest.RunAsync();
        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = added, Errored = errored }, report.Stats);

        var again = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = added, Errored = errored }, again.Stats);
    }

    [FixtureFact]
    public async Task An_identifier_object_counts_by_its_id_and_one_without_id_is_an_error()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Catalog("dcatus3_0.json"), config: """{"validator_schema": "dcat-us-3.0"}""");
        var report = await harvest.RunAsync();

        Assert.Equal(["https://example.gov/datasets/one", "https://example.gov/datasets/three", "https://example.gov/datasets/two"],
            harvest.Engine.Datasets("test-source").Select(d => d.Guid).Order(StringComparer.Ordinal));
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors);
        Assert.Equal("record #4 (line 59) titled 'Test Dataset Four' has an object identifier with no usable '@id'", error.Message);
    }

    [FixtureFact]
    public async Task The_invalid_dataset_fails_with_one_message_naming_contact_point()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Catalog("dcatus3_0_invalid.json"), config: """{"validator_schema": "dcat-us-3.0"}""");
        var report = await harvest.RunAsync();

        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors);
        Assert.Equal("record #1 (line 11) 'https://example.gov/datasets/invalid' is not valid DCAT-US 3.0: contactPoint: required (value: missing)", error.Message);
        Assert.Equal("Valid Dataset", Assert.Single(harvest.Engine.Datasets("test-source")).Title);
    }

    [FixtureFact]
    public async Task With_continue_on_validation_errors_the_invalid_dataset_imports_with_its_warning()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Catalog("dcatus3_0_invalid.json"), config: """{"validator_schema": "dcat-us-3.0", "continue_on_validation_errors": true}""");
        var report = await harvest.RunAsync();
        Assert.Equal(new JobStats { Added = 2 }, report.Stats);
    }

    [FixtureTheory]
    [InlineData("dcatus3_0_series_with_members.json")]
    [InlineData("dcatus3_0_service_serves_dataset.json")]
    public async Task A_catalog_without_a_dataset_array_is_a_gather_error(string file)
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Catalog(file), config: """{"validator_schema": "dcat-us-3.0"}""");
        var report = await harvest.RunAsync();
        Assert.Equal($"{Catalog(file)} is not a data catalog: it is a JSON object without a 'dataset' array", Assert.Single(report.GatherErrors).Message);
    }

    [Fact]
    public async Task Nested_structures_of_a_3_0_dataset_are_checked_with_the_field_path()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("data.json", """
            {"dataset": [{
              "identifier": "d1", "title": "Bad nesting", "description": "x",
              "contactPoint": {"fn": "Desk", "hasEmail": "desk@example.gov"},
              "distribution": [{"downloadURL": "https://example.gov/d.csv", "checksum": {"algorithm": "sha1"}}],
              "temporal": [{"@type": "PeriodOfTime"}],
              "modified": "2024-02-30"
            }]}
            """);
        harvest.AddSource(path, config: """{"validator_schema": "dcat-us-3.0"}""");
        var report = await harvest.RunAsync();
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message;
        Assert.Equal("record #1 (line 1) 'd1' is not valid DCAT-US 3.0: contactPoint.hasEmail: a string matching mailto:address (value: \"desk@example.gov\"); " +
            "distribution[0].checksum.checksumValue: required (value: missing); temporal[0].startDate|endDate: one of them is required (value: missing); " +
            "modified: null or a date-time or date (RFC 3339), a year (YYYY) or a month (YYYY-MM) (value: \"2024-02-30\")", error);
    }
}
