using Harvest.Engine.Model;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.Dcat.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// Every file under ../shared/fixtures/dcat harvested as a dcat source (from its local path), with the fixtures
/// README's counts: its dcat:Dataset resources (plus its dcat:DatasetSeries, records too), its blank-node datasets
/// without dct:identifier as errored records, and a second harvest reporting everything not modified.
/// </summary>
public sealed class DcatFixtureHarvestTests
{
    [FixtureTheory]
    [InlineData("w3c-dcat3/basic-example.ttl", 1, 0, 0)]
    [InlineData("w3c-dcat3/basic-example.rdf", 1, 0, 0)]
    [InlineData("w3c-dcat3/basic-example.jsonld", 1, 0, 0)]
    [InlineData("w3c-dcat3/series-membership.ttl", 3, 1, 0)]
    [InlineData("w3c-dcat3/series-membership.rdf", 3, 1, 0)]
    [InlineData("w3c-dcat3/series-membership.jsonld", 3, 1, 0)]
    [InlineData("w3c-dcat3/csiro-dap-examples.ttl", 9, 0, 5)]
    [InlineData("w3c-dcat3/csiro-dap-examples.rdf", 9, 0, 5)]
    [InlineData("w3c-dcat3/csiro-dap-examples.jsonld", 9, 0, 5)]
    [InlineData("w3c-dcat3/threddsABC.ttl", 1, 0, 0)]
    [InlineData("w3c-dcat3/threddsABC.rdf", 1, 0, 0)]
    [InlineData("w3c-dcat3/threddsABC.jsonld", 1, 0, 0)]
    [InlineData("dcat-ap-3/example-ms_catalogue.ttl", 1, 0, 0)]
    [InlineData("dcat-ap-3/example-ms_catalogue.jsonld", 1, 0, 0)]
    [InlineData("dcat-ap-3/example-ms_dataset_2_distributions.ttl", 1, 0, 0)]
    [InlineData("dcat-ap-3/example-ms_dataset_2_distributions.jsonld", 1, 0, 0)]
    [InlineData("dcat-ap-3/example-bees_wasps_dataset.jsonld", 2, 0, 0)]
    [InlineData("dcat-ap-3/dcat-ap-2.1.1-example1.nt", 1, 0, 0)]
    [InlineData("dcat-us-3/catalog.ttl", 2, 0, 0)]
    [InlineData("dcat-us-3/catalog.jsonld", 2, 0, 0)]
    [InlineData("dcat-us-3/dataset-series.ttl", 2, 1, 0)]
    [InlineData("dcat-us-3/dataset-series.jsonld", 2, 1, 0)]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.ttl", 1, 0, 0)]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.json", 1, 0, 0)]
    public async Task A_fixture_harvests_to_its_dataset_count_and_again_as_not_modified(string file, int datasets, int series, int blankWithoutIdentifier)
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Fixtures.Path("dcat/" + file), DcatTestKit.ConfigWithDcatUsContext());
        using var _ = harvest;

        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = datasets + series - blankWithoutIdentifier, Errored = blankWithoutIdentifier }, report.Stats);
        var imported = harvest.Engine.Datasets("test-source");
        Assert.Equal(series, imported.Count(d => d.Extras.GetValueOrDefault("dcat_type") == "dataset_series"));
        Assert.All(report.ObjectErrors, o => Assert.Contains("is a blank node without dct:identifier", Assert.Single(o.Errors).Message));

        var again = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = datasets + series - blankWithoutIdentifier, Errored = blankWithoutIdentifier }, again.Stats);
    }

    [FixtureFact]
    public async Task The_invalid_bees_and_wasps_turtle_is_a_gather_error_naming_line_1()
    {
        var path = Fixtures.Path("dcat/dcat-ap-3/example-bees_wasps_dataset.ttl");
        var (harvest, report) = await DcatTestKit.HarvestAsync(path);
        using var _ = harvest;

        var error = Assert.Single(report.GatherErrors).Message;
        Assert.StartsWith($"{new Uri(path).AbsoluteUri} is not valid turtle: line 1, column ", error);
        Assert.Contains("Turtle syntax error", error);
        Assert.Equal(0, report.Stats.Total);
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
    }

    [FixtureTheory]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.ttl")]
    [InlineData("dcat-us-3/example1-dcat-us-3.0.json")]
    public async Task The_dcat_us_3_example_harvests_with_its_three_distributions(string file)
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Fixtures.Path("dcat/" + file), DcatTestKit.ConfigWithDcatUsContext());
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);

        var dataset = DcatTestKit.Dataset(harvest, "https://inventory.data.gov/dataset/9a9e946e-124e-46f5-a934-e458a6c1c2b2");
        Assert.Equal("Inventory of Owned and Leased Properties (IOLP)", dataset.Title);
        Assert.StartsWith("The Inventory of Owned and Leased Properties (IOLP) allows users", dataset.Notes);
        Assert.Contains("geospatial", dataset.Tags);
        Assert.Equal(11, dataset.Tags.Count);
        Assert.Equal("general-services-administration", dataset.Organization);
        Assert.Equal("GSA-4495", dataset.Extras["identifier"]);
        Assert.Equal("https://www.gsa.gov", dataset.Extras["publisher_uri"]);
        Assert.Equal("Valerie R Butler", dataset.Extras["contact_name"]);
        Assert.Equal("valerie.butler@gsa.gov", dataset.Extras["contact_email"]);
        Assert.Equal("https://creativecommons.org/publicdomain/zero/1.0/", dataset.Extras["license"]);
        Assert.Equal("http://purl.org/cld/freq/weekly", dataset.Extras["frequency"]);
        Assert.Equal("""["https://data.gov/vocab/themes/geospatial"]""", dataset.Extras["theme"]);
        Assert.Equal("http://id.loc.gov/authorities/names/n78095330", dataset.Extras["spatial_uri"]);
        Assert.Equal("United States", dataset.Extras["spatial_text"]);
        Assert.Equal("2002-01-01", dataset.Extras["issued"]);
        Assert.Equal("2023-11-16T21:38:25.152Z", dataset.Extras["modified"]);

        Assert.Equal(3, dataset.Resources.Count);
        Assert.Equal(["IOLP Buildings 11.27.23.xlsx", "IOLP Leases 11.27.23.xlsx", "IOLP19139_080123.xml"], dataset.Resources.Select(r => r.Name).Order(StringComparer.Ordinal));
        var xml = Assert.Single(dataset.Resources, r => r.Name == "IOLP19139_080123.xml");
        Assert.Equal("application/xml", xml.MediaType);
        Assert.EndsWith("/download/iolp19139_080123.xml", xml.Url);
        Assert.All(dataset.Resources, r => Assert.StartsWith("https://inventory.data.gov/dataset/9a9e946e-124e-46f5-a934-e458a6c1c2b2/resource/", r.Url));
    }

    [FixtureFact]
    public async Task Datasets_in_a_series_are_linked_to_the_series_dataset()
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Fixtures.Path("dcat/w3c-dcat3/series-membership.ttl"));
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 4 }, report.Stats);

        var series = DcatTestKit.Dataset(harvest, "http://dcat.example.org/budget");
        Assert.Equal("Budget data", series.Title);
        foreach (var year in new[] { 2018, 2019, 2020 })
        {
            var member = DcatTestKit.Dataset(harvest, $"http://dcat.example.org/budget-{year}");
            Assert.Equal($"Budget data for year {year}", member.Title);
            Assert.Equal(series.DatasetId, member.Extras["collection_package_id"]);
            Assert.Equal("""["http://dcat.example.org/budget"]""", member.Extras["in_series"]);
        }
    }

    [FixtureFact]
    public async Task A_dataset_titled_with_the_older_dc_title_takes_it_and_its_distribution_details_are_kept()
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Fixtures.Path("dcat/w3c-dcat3/threddsABC.ttl"));
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 1 }, report.Stats);
        var dataset = DcatTestKit.Dataset(harvest, "https://dcat.example.org/threddsABC#Dataset_1");
        Assert.Equal("Fake Dataset 1", dataset.Title);
        var resource = Assert.Single(dataset.Resources);
        Assert.Equal("http://dcat.example.org/data/dataset/distro/d1.csv", resource.Url);
        Assert.Equal("text/csv", resource.MediaType);
        Assert.Equal("""[{"download_url":"http://dcat.example.org/data/dataset/distro/d1.csv","size":"39871230887","license":"https://creativecommons.org/licenses/by/4.0/","conforms_to":["http://dcat.example.org/organization/schema/yu876"]}]""",
            dataset.Extras["distributions"]);
    }

    [FixtureFact]
    public async Task The_dcat_us_json_ld_without_its_context_mapped_is_a_gather_error_naming_the_context()
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Fixtures.Path("dcat/dcat-us-3/example1-dcat-us-3.0.json"));
        using var _ = harvest;
        var error = Assert.Single(report.GatherErrors).Message;
        Assert.Contains($"the JSON-LD remote context {DcatTestKit.DcatUsContextUrl} is not known", error);
        Assert.Contains("jsonld_contexts", error);
    }
}
