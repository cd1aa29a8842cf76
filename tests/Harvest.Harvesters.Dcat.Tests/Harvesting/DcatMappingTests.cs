using Harvest.Engine.Model;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>DCAT 2/3, DCAT-AP and DCAT-US 3 properties of a catalog written for these tests, mapped to the dataset model.</summary>
public sealed class DcatMappingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dcat-mapping-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Catalog = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        @prefix adms: <http://www.w3.org/ns/adms#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix locn: <http://www.w3.org/ns/locn#> .
        @prefix spdx: <http://spdx.org/rdf/terms#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix gsp: <http://www.opengis.net/ont/geosparql#> .

        <https://data.example.test/dataset/air-quality> a dcat:Dataset ;
            dct:title "Luftqualität"@de, "Air quality"@en, "Qualité de l'air"@fr ;
            dct:description "Hourly air quality measurements."@en, "Stündliche Messungen."@de ;
            dcat:keyword "air"@en, "pollution"@en, "Luft"@de, "sensors" ;
            dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
            dct:identifier "AQ-2024" ;
            adms:identifier [ a adms:Identifier ; skos:notation "doi:10.1234/aq" ] ;
            dct:publisher <https://example.test/org/env-agency> ;
            dcat:contactPoint [ a vcard:Organization ; vcard:fn "Air desk" ; vcard:hasEmail <mailto:air@example.test> ;
                                vcard:hasTelephone [ vcard:hasValue <tel:+15550100> ] ] ;
            dcat:landingPage <https://example.test/air-quality> ;
            dct:issued "2020-05-01"^^xsd:date ;
            dct:modified "2024-02-03T04:05:06Z"^^xsd:dateTime ;
            dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ; dcat:endDate "2023-12-31"^^xsd:date ] ;
            dct:spatial [ a dct:Location ; skos:prefLabel "Springfield" ;
                          dcat:bbox "POLYGON((0 0,0 1,1 1,1 0,0 0))"^^gsp:wktLiteral ;
                          locn:geometry "{\"type\":\"Point\",\"coordinates\":[0.5,0.5]}"^^gsp:geoJSONLiteral ] ;
            dct:license <http://creativecommons.org/licenses/by/4.0/> ;
            dct:rights [ a dct:RightsStatement ; rdfs:label "Open to all" ] ;
            dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
            dct:conformsTo <http://data.europa.eu/930/> ;
            dct:language <http://publications.europa.eu/resource/authority/language/ENG> ;
            dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/HOURLY> ;
            owl:versionInfo "2.1" ;
            foaf:page <https://example.test/air-quality/docs> ;
            dcat:distribution <https://example.test/air-quality/csv>, [
                a dcat:Distribution ;
                dct:title "API"@en ;
                dcat:accessURL <https://api.example.test/air> ;
                dct:format "JSON" ] .

        <https://example.test/org/env-agency> a foaf:Organization ;
            foaf:name "Environment Agency"@en, "Umweltamt"@de ;
            foaf:mbox <mailto:info@env.example.test> ;
            foaf:homepage <https://env.example.test/> .

        <https://example.test/air-quality/csv> a dcat:Distribution ;
            dct:title "Hourly values (CSV)"@en ;
            dct:description "All stations, one row per hour."@en ;
            dcat:accessURL <https://example.test/air-quality/files> ;
            dcat:downloadURL <https://example.test/air-quality/files/hourly.csv> ;
            dcat:mediaType <http://www.iana.org/assignments/media-types/text/csv> ;
            dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
            dcat:byteSize "123456"^^xsd:nonNegativeInteger ;
            spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha1 ; spdx:checksumValue "da39a3ee5e6b4b0d3255bfef95601890afd80709" ] ;
            dct:license <http://creativecommons.org/licenses/by/4.0/> .

        [] a dcat:Dataset ;
            dct:title "Noise levels" ;
            dct:identifier "NOISE-1" .

        [] a dcat:Dataset ;
            dct:title "Blank without identifier" .

        <https://data.example.test/dataset/untitled> a dcat:Dataset .
        """;

    [Fact]
    public async Task Every_mapped_property_lands_in_its_field_or_extra()
    {
        var (harvest, report) = await DcatTestKit.HarvestAsync(Write("catalog.ttl", Catalog), """{"language": "en", "default_tags": ["harvested"]}""");
        using var _ = harvest;
        Assert.Empty(report.GatherErrors);
        Assert.Equal(new JobStats { Added = 3, Errored = 1 }, report.Stats);

        var d = DcatTestKit.Dataset(harvest, "https://data.example.test/dataset/air-quality");
        Assert.Equal("Air quality", d.Title);
        Assert.Equal("Hourly air quality measurements.", d.Notes);
        Assert.Equal("https://example.test/air-quality", d.Url);
        Assert.Equal(["air", "harvested", "pollution", "sensors"], d.Tags.Order(StringComparer.Ordinal));
        Assert.Equal("environment-agency", d.Organization);
        var expected = new Dictionary<string, string>
        {
            ["uri"] = "https://data.example.test/dataset/air-quality",
            ["identifier"] = "AQ-2024",
            ["alternate_identifier"] = """["doi:10.1234/aq"]""",
            ["theme"] = """["http://publications.europa.eu/resource/authority/data-theme/ENVI"]""",
            ["issued"] = "2020-05-01",
            ["modified"] = "2024-02-03T04:05:06Z",
            ["temporal_start"] = "2020-01-01",
            ["temporal_end"] = "2023-12-31",
            ["spatial_text"] = "Springfield",
            ["spatial"] = """{"type":"Point","coordinates":[0.5,0.5]}""",
            ["spatial_bbox"] = "POLYGON((0 0,0 1,1 1,1 0,0 0))",
            ["license"] = "http://creativecommons.org/licenses/by/4.0/",
            ["rights"] = "Open to all",
            ["access_rights"] = "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
            ["conforms_to"] = """["http://data.europa.eu/930/"]""",
            ["language"] = """["http://publications.europa.eu/resource/authority/language/ENG"]""",
            ["frequency"] = "http://publications.europa.eu/resource/authority/frequency/HOURLY",
            ["version"] = "2.1",
            ["documentation"] = """["https://example.test/air-quality/docs"]""",
            ["publisher_uri"] = "https://example.test/org/env-agency",
            ["publisher_name"] = "Environment Agency",
            ["publisher_email"] = "info@env.example.test",
            ["publisher_url"] = "https://env.example.test/",
            ["contact_name"] = "Air desk",
            ["contact_email"] = "air@example.test",
            ["contact_phone"] = "+15550100",
        };
        foreach (var (key, value) in expected) Assert.Equal((key, value), (key, d.Extras.GetValueOrDefault(key)));

        Assert.Equal(2, d.Resources.Count);
        var csv = Assert.Single(d.Resources, r => r.Name == "Hourly values (CSV)");
        Assert.Equal("https://example.test/air-quality/files/hourly.csv", csv.Url);
        Assert.Equal("All stations, one row per hour.", csv.Description);
        Assert.Equal("CSV", csv.Format);
        Assert.Equal("text/csv", csv.MediaType);
        var api = Assert.Single(d.Resources, r => r.Name == "API");
        Assert.Equal("https://api.example.test/air", api.Url);
        Assert.Equal("JSON", api.Format);
        Assert.Contains("\"hash\":\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"", d.Extras["distributions"]);
        Assert.Contains("\"hash_algorithm\":\"sha1\"", d.Extras["distributions"]);
        Assert.Contains("\"size\":\"123456\"", d.Extras["distributions"]);
        Assert.Contains("\"access_url\":\"https://example.test/air-quality/files\"", d.Extras["distributions"]);

        Assert.Equal("Noise levels", DcatTestKit.Dataset(harvest, "NOISE-1").Title);
        Assert.Equal("https://data.example.test/dataset/untitled", DcatTestKit.Dataset(harvest, "https://data.example.test/dataset/untitled").Title);
        var error = Assert.Single(Assert.Single(report.ObjectErrors).Errors).Message;
        Assert.Matches(@"^dataset #\d of page file://.*/catalog\.ttl \('Blank without identifier'\) is a blank node without dct:identifier", error);
    }

    [Theory]
    [InlineData(null, "Luftqualität", "Luft,sensors")]
    [InlineData("fr", "Qualité de l'air", "sensors")]
    [InlineData("de-AT", "Luftqualität", "Luft,sensors")]
    [InlineData("EN-gb", "Air quality", "air,pollution,sensors")]
    public async Task The_language_config_picks_among_multilingual_literals(string? language, string title, string tags)
    {
        var config = language is null ? null : $$"""{"language": "{{language}}"}""";
        var (harvest, _) = await DcatTestKit.HarvestAsync(Write("catalog.ttl", Catalog), config);
        using var __ = harvest;
        var d = DcatTestKit.Dataset(harvest, "https://data.example.test/dataset/air-quality");
        Assert.Equal(title, d.Title);
        Assert.Equal(tags.Split(','), d.Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Untitled_datasets_are_harvested_under_their_iri_with_a_warning()
    {
        var (records, _) = await DcatTestKit.GatherAsync(Write("catalog.ttl", Catalog));
        var untitled = Assert.Single(records, r => r.Guid == "https://data.example.test/dataset/untitled");
        Assert.Equal("https://data.example.test/dataset/untitled", untitled.Title);
        Assert.Contains("has no dct:title (nor dc:title)", untitled.Warning);
        Assert.Null(untitled.Error);
    }

    [Fact]
    public async Task A_series_listed_after_its_members_still_imports_first()
    {
        var path = Write("series.ttl", """
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            <http://example.test/s/2021> a dcat:Dataset ; dct:title "Counts 2021" .
            <http://example.test/s/2022> a dcat:Dataset ; dct:title "Counts 2022" ; dcat:inSeries <http://example.test/s> .
            <http://example.test/s> a dcat:DatasetSeries ; dct:title "Counts" ; dcat:seriesMember <http://example.test/s/2021> .
            <http://example.test/other> a dcat:Dataset ; dct:title "In a series nobody describes" ; dcat:inSeries <http://elsewhere.test/s> .
            """);
        var (harvest, report) = await DcatTestKit.HarvestAsync(path);
        using var _ = harvest;
        Assert.Equal(new JobStats { Added = 4 }, report.Stats);
        var series = DcatTestKit.Dataset(harvest, "http://example.test/s");
        Assert.Equal(series.DatasetId, DcatTestKit.Dataset(harvest, "http://example.test/s/2021").Extras["collection_package_id"]);
        Assert.Equal(series.DatasetId, DcatTestKit.Dataset(harvest, "http://example.test/s/2022").Extras["collection_package_id"]);
        var other = DcatTestKit.Dataset(harvest, "http://example.test/other");
        Assert.False(other.Extras.ContainsKey("collection_package_id"));
        Assert.Equal("""["http://elsewhere.test/s"]""", other.Extras["in_series"]);
    }
}
