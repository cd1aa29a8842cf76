using static Harvest.Harvesters.Iso.Tests.Support.IsoXmlBuilder;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>The mapping rules, on hand-written records.</summary>
public sealed class IsoMappingTests
{
    [Fact]
    public void Tags_are_trimmed_cut_to_100_characters_and_de_duplicated_after_cutting_empty_ones_dropped()
    {
        var long1 = new string('a', 100) + "1";
        var long2 = new string('a', 100) + "2";
        var xml = Record(keywords: ["  padded  ", "", "   ", "Case", "case", "padded", long1, long2]);

        var tags = IsoDatasetMapper.Map(xml).Draft.Tags;

        Assert.Equal(["padded", "Case", "case", new string('a', 100)], tags);
    }

    [Fact]
    public void Keywords_come_from_anchors_and_from_the_old_srv_keywords_of_a_service()
    {
        var xml = Record(
            identification: "srv:SV_ServiceIdentification",
            identificationExtra: """
                <gmd:descriptiveKeywords><gmd:MD_Keywords>
                  <gmd:keyword><gmx:Anchor xlink:href="https://example.org/theme/hy">Hydrography</gmx:Anchor></gmd:keyword>
                  <gmd:type><gmd:MD_KeywordTypeCode codeListValue="theme">theme</gmd:MD_KeywordTypeCode></gmd:type>
                  <gmd:thesaurusName><gmd:CI_Citation><gmd:title><gco:CharacterString>GEMET</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:thesaurusName>
                </gmd:MD_Keywords></gmd:descriptiveKeywords>
                <srv:keywords><gmd:MD_Keywords><gmd:keyword><gco:CharacterString>infoMapAccessService</gco:CharacterString></gmd:keyword></gmd:MD_Keywords></srv:keywords>
                """);

        var record = IsoReader.Read(xml);

        Assert.Equal([new IsoKeyword("Hydrography", "theme", "GEMET"), new IsoKeyword("infoMapAccessService", null, null)], record.Keywords);
        Assert.Equal("service", record.HierarchyLevel);
        Assert.True(record.IsService);
    }

    [Fact]
    public void A_record_without_a_hierarchy_level_is_a_dataset()
    {
        Assert.Equal("dataset", IsoReader.Read(Record()).HierarchyLevel);
    }

    [Fact]
    public void A_series_keeps_its_level()
    {
        var xml = Record(metadataExtra: """<gmd:hierarchyLevel><gmd:MD_ScopeCode codeListValue="series">series</gmd:MD_ScopeCode></gmd:hierarchyLevel>""");

        Assert.Equal("series", IsoDatasetMapper.Map(xml).Draft.Extras["resource-type"]);
    }

    [Fact]
    public void A_record_without_a_title_is_an_error()
    {
        var error = Assert.Throws<IsoRecordException>(() => IsoDatasetMapper.Map(Record(title: "  ")));

        Assert.Equal(IsoRecordProblem.MissingTitle, error.Problem);
    }

    [Fact]
    public void Resources_come_from_distribution_then_distributors_then_identification_one_per_URL()
    {
        var distributor = """
            <gmd:distributor><gmd:MD_Distributor><gmd:distributorTransferOptions><gmd:MD_DigitalTransferOptions>
              <gmd:onLine>
            """ + OnlineResource("https://example.org/data.zip", protocol: "WWW:DOWNLOAD-1.0-http--download", name: "Archive") + """
              </gmd:onLine>
            </gmd:MD_DigitalTransferOptions></gmd:distributorTransferOptions></gmd:MD_Distributor></gmd:distributor>
            """;
        var distribution = Distribution(
        [
            OnlineResource("https://example.org/wms?service=WMS&amp;request=GetCapabilities", protocol: "OGC:WMS-1.3.0-http-get-map", name: "Map"),
            OnlineResource("https://example.org/about", function: "information", name: "About"),
        ]).Replace("</gmd:transferOptions>", "</gmd:transferOptions>" + distributor);
        var identification = """
            <gmd:pointOfContact><gmd:CI_ResponsibleParty><gmd:contactInfo><gmd:CI_Contact><gmd:onlineResource>
            """ + OnlineResource("https://example.org/about", name: "Contact page") + """
            </gmd:onlineResource></gmd:CI_Contact></gmd:contactInfo></gmd:CI_ResponsibleParty></gmd:pointOfContact>
            """;

        var record = IsoReader.Read(Record(distribution: distribution, identificationExtra: identification));
        var draft = IsoDatasetMapper.Map(record).Draft;

        Assert.Equal([IsoResourceSource.Distribution, IsoResourceSource.Distribution, IsoResourceSource.Distributor, IsoResourceSource.Identification],
            record.OnlineResources.Select(r => r.Source));
        Assert.Equal(["Map", "About", "Archive"], draft.Resources.Select(r => r.Name));
        Assert.Equal(["WMS", null, "ZIP"], draft.Resources.Select(r => r.Format));
        Assert.Equal("https://example.org/wms?service=WMS&request=GetCapabilities", draft.Resources[0].Url);
        Assert.Equal("https://example.org/about", draft.Url);
        Assert.Equal("OGC:WMS-1.3.0-http-get-map", record.OnlineResources[0].Protocol);
        Assert.Equal("information", record.OnlineResources[1].Function);
    }

    [Fact]
    public void The_organisation_is_the_publisher_else_the_point_of_contact_else_the_metadata_contact()
    {
        var publisher = Record(
            metadataExtra: Party("contact", "Metadata Office", "pointOfContact", "meta@example.org"),
            identificationExtra: Party("pointOfContact", "Contact Office", "pointOfContact", "poc@example.org")
                + Party("pointOfContact", "Publishing House", "publisher"));
        var pointOfContact = Record(
            metadataExtra: Party("contact", "Metadata Office", "pointOfContact"),
            identificationExtra: Party("pointOfContact", null, "pointOfContact", individual: "A. Person") + Party("pointOfContact", "Contact Office", "custodian"));
        var metadataContact = Record(metadataExtra: Party("contact", "Metadata Office", "pointOfContact", "meta@example.org"));

        Assert.Equal("Publishing House", IsoDatasetMapper.Map(publisher).Draft.OrganizationTitle);
        Assert.Equal("Contact Office", IsoDatasetMapper.Map(pointOfContact).Draft.OrganizationTitle);
        Assert.Equal("Metadata Office", IsoDatasetMapper.Map(metadataContact).Draft.OrganizationTitle);
        Assert.Null(IsoDatasetMapper.Map(Record()).Draft.OrganizationTitle);

        Assert.Equal("poc@example.org", IsoDatasetMapper.Map(publisher).Draft.Extras["contact-email"]);
        Assert.Equal("meta@example.org", IsoDatasetMapper.Map(metadataContact).Draft.Extras["contact-email"]);
    }

    [Fact]
    public void Responsible_parties_are_grouped_by_organisation_with_their_roles_in_JSON()
    {
        var xml = Record(
            metadataExtra: Party("contact", "Agency", "pointOfContact"),
            identificationExtra: Party("pointOfContact", "Agency", "owner") + Party("pointOfContact", "Agency", "owner")
                + Party("pointOfContact", "Ελληνική Υπηρεσία", "publisher") + Party("pointOfContact", null, null, individual: "A. Person"));

        var extras = IsoDatasetMapper.Map(xml).Draft.Extras;

        Assert.Equal("""[{"name":"Agency","roles":["owner","pointOfContact"]},{"name":"Ελληνική Υπηρεσία","roles":["publisher"]},{"name":"A. Person","roles":[]}]""",
            extras["responsible-party"]);
    }

    [Fact]
    public void Dates_constraints_lineage_and_graphic_become_extras()
    {
        var citationDates = """
            <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2001-01-01</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeListValue="creation"/></gmd:dateType></gmd:CI_Date></gmd:date>
            <gmd:date><gmd:CI_Date><gmd:date><gco:DateTime>2003-03-03T10:00:00</gco:DateTime></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeListValue="revision"/></gmd:dateType></gmd:CI_Date></gmd:date>
            <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2002-02-02</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeListValue="revision"/></gmd:dateType></gmd:CI_Date></gmd:date>
            """;
        var constraints = """
            <gmd:resourceConstraints><gmd:MD_Constraints><gmd:useLimitation><gco:CharacterString>Free to use</gco:CharacterString></gmd:useLimitation></gmd:MD_Constraints></gmd:resourceConstraints>
            <gmd:resourceConstraints><gmd:MD_LegalConstraints>
              <gmd:useLimitation><gco:CharacterString>https://creativecommons.org/licenses/by/4.0/</gco:CharacterString></gmd:useLimitation>
              <gmd:accessConstraints><gmd:MD_RestrictionCode codeListValue="otherRestrictions"/></gmd:accessConstraints>
              <gmd:useConstraints><gmd:MD_RestrictionCode codeListValue="license"/></gmd:useConstraints>
              <gmd:otherConstraints><gco:CharacterString>No limitations on public access</gco:CharacterString></gmd:otherConstraints>
            </gmd:MD_LegalConstraints></gmd:resourceConstraints>
            <gmd:graphicOverview><gmd:MD_BrowseGraphic><gmd:fileName><gco:CharacterString>https://example.org/preview.png</gco:CharacterString></gmd:fileName><gmd:fileType><gco:CharacterString>PNG</gco:CharacterString></gmd:fileType></gmd:MD_BrowseGraphic></gmd:graphicOverview>
            <gmd:resourceMaintenance><gmd:MD_MaintenanceInformation><gmd:maintenanceAndUpdateFrequency><gmd:MD_MaintenanceFrequencyCode codeListValue="annually"/></gmd:maintenanceAndUpdateFrequency></gmd:MD_MaintenanceInformation></gmd:resourceMaintenance>
            """;
        var metadata = """
            <gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="ell">Greek</gmd:LanguageCode></gmd:language>
            <gmd:dateStamp><gco:DateTime>2020-05-05T12:00:00</gco:DateTime></gmd:dateStamp>
            <gmd:referenceSystemInfo><gmd:MD_ReferenceSystem><gmd:referenceSystemIdentifier><gmd:RS_Identifier><gmd:code><gmx:Anchor xlink:href="http://www.opengis.net/def/crs/EPSG/0/2100">EPSG:2100</gmx:Anchor></gmd:code></gmd:RS_Identifier></gmd:referenceSystemIdentifier></gmd:MD_ReferenceSystem></gmd:referenceSystemInfo>
            """;
        var quality = """
            <gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:lineage><gmd:LI_Lineage><gmd:statement><gco:CharacterString>Digitised from 1:5000 maps.</gco:CharacterString></gmd:statement></gmd:LI_Lineage></gmd:lineage></gmd:DQ_DataQuality></gmd:dataQualityInfo>
            """;
        var xml = Record(metadataExtra: metadata, identificationExtra: constraints, distribution: quality)
            .Replace("</gmd:title>", "</gmd:title>" + citationDates);

        var extras = IsoDatasetMapper.Map(xml).Draft.Extras;

        Assert.Equal("""[{"type":"creation","value":"2001-01-01"},{"type":"revision","value":"2003-03-03T10:00:00"},{"type":"revision","value":"2002-02-02"}]""",
            extras["dataset-reference-date"]);
        Assert.Equal("2001-01-01", extras["date-created"]);
        Assert.Equal("2003-03-03T10:00:00", extras["date-updated"]);
        Assert.False(extras.ContainsKey("date-released"));
        Assert.Equal("""["Free to use","https://creativecommons.org/licenses/by/4.0/"]""", extras["licence"]);
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", extras["licence_url"]);
        Assert.Equal("""["No limitations on public access"]""", extras["access_constraints"]);
        Assert.Equal("""["otherRestrictions"]""", extras["access-constraint-codes"]);
        Assert.Equal("""["license"]""", extras["use-constraint-codes"]);
        Assert.Equal("https://example.org/preview.png", extras["graphic-preview-file"]);
        Assert.Equal("PNG", extras["graphic-preview-type"]);
        Assert.Equal("annually", extras["frequency-of-update"]);
        Assert.Equal("ell", extras["metadata-language"]);
        Assert.Equal("2020-05-05T12:00:00", extras["metadata-date"]);
        Assert.Equal("EPSG:2100", extras["spatial-reference-system"]);
        Assert.Equal("Digitised from 1:5000 maps.", extras["lineage"]);
    }

    [Theory]
    [InlineData("gml", "http://www.opengis.net/gml")]
    [InlineData("gml32", "http://www.opengis.net/gml/3.2")]
    public void The_temporal_extent_is_read_in_both_GML_namespaces_with_indeterminate_positions(string prefix, string ns)
    {
        var extent = $"""
            <gmd:extent><gmd:EX_Extent><gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent>
              <{prefix}:TimePeriod xmlns:{prefix}="{ns}"><{prefix}:beginPosition>1999-01-01</{prefix}:beginPosition><{prefix}:endPosition indeterminatePosition="now"/></{prefix}:TimePeriod>
            </gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement></gmd:EX_Extent></gmd:extent>
            """;

        var extras = IsoDatasetMapper.Map(Record(identificationExtra: extent)).Draft.Extras;

        Assert.Equal("1999-01-01", extras["temporal-extent-begin"]);
        Assert.Equal("now", extras["temporal-extent-end"]);
    }

    [Fact]
    public void A_record_with_nothing_optional_has_only_the_extras_it_can_fill()
    {
        var draft = IsoDatasetMapper.Map(Record(id: "bare", title: "Bare")).Draft;

        Assert.Equal(new Dictionary<string, string> { ["guid"] = "bare", ["resource-type"] = "dataset" }, draft.Extras);
        Assert.Equal("An abstract.", draft.Notes);
        Assert.Empty(draft.Tags);
        Assert.Empty(draft.Resources);
        Assert.Null(draft.Url);
        Assert.Null(draft.Name);
    }
}
