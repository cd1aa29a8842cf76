using System.Xml.Linq;
using static Harvest.Harvesters.Iso.Tests.Support.IsoXmlBuilder;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>
/// <see cref="IsoReadOptions.RequireNilReasons"/>: a mandatory property written empty must say why with gco:nilReason,
/// as ISO 19139 has it; the csw and waf harvesters read with it on.
/// </summary>
public sealed class NilReasonTests
{
    private static readonly IsoReadOptions Strict = new() { RequireNilReasons = true };

    [Fact]
    public void An_empty_role_without_a_nil_reason_is_an_error_naming_where_it_is()
    {
        var xml = Record(metadataExtra: "<gmd:contact><gmd:CI_ResponsibleParty><gmd:organisationName><gco:CharacterString>Office</gco:CharacterString></gmd:organisationName><gmd:role/></gmd:CI_ResponsibleParty></gmd:contact>");

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml, Strict));

        Assert.Equal(IsoRecordProblem.MissingNilReason, error.Problem);
        Assert.StartsWith("the record's gmd:CI_ResponsibleParty/gmd:role is empty and gives no gco:nilReason", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(IsoReader.Read(xml).ResponsibleParties).Role);
    }

    [Theory]
    [InlineData("<gmd:role gco:nilReason=\"missing\"/>")]
    [InlineData("<gmd:role><gmd:CI_RoleCode codeListValue=\"publisher\">publisher</gmd:CI_RoleCode></gmd:role>")]
    [InlineData("<gmd:role xlink:href=\"https://example.org/roles/publisher\"/>")]
    public void A_role_with_a_value_a_nil_reason_or_a_link_reads(string role)
    {
        var xml = Record(metadataExtra: $"<gmd:contact><gmd:CI_ResponsibleParty>{role}</gmd:CI_ResponsibleParty></gmd:contact>");

        Assert.Single(IsoReader.Read(xml, Strict).ResponsibleParties);
    }

    [Fact]
    public void An_empty_optional_property_is_not_an_error()
    {
        var xml = Record(identificationExtra: "<gmd:purpose/>");

        Assert.Null(IsoReader.Read(xml, Strict).Purpose);
    }

    [FixtureFact]
    public void Of_the_waf_fixtures_only_invalid_iso2_breaks_the_rule()
    {
        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(File.ReadAllBytes(IsoFiles.Waf("invalid_iso2.xml")), Strict));

        Assert.Equal(IsoRecordProblem.MissingNilReason, error.Problem);
        foreach (var file in new[] { "valid_iso1.xml", "valid_iso2.xml" })
            Assert.NotNull(IsoReader.Read(File.ReadAllBytes(IsoFiles.Waf(file)), Strict).Title);
    }

    [FixtureFact]
    public void Every_csw_fixture_record_keeps_the_rule()
    {
        var folder = Path.GetDirectoryName(IsoFiles.CswRecord("test.xml"))!;
        var files = Directory.GetFiles(folder, "*.xml");

        Assert.Equal(18, files.Length);
        Assert.All(files, file => Assert.NotNull(IsoReader.Read(File.ReadAllBytes(file), Strict).FileIdentifier));
    }

    [Fact]
    public void Identify_names_a_record_without_reading_the_rest_or_applying_limits()
    {
        var record = XElement.Parse(Record(id: "many", title: "Many keywords", keywords: Enumerable.Range(1, 2000).Select(i => $"k{i}")));

        Assert.Equal(new IsoIdentity("many", "Many keywords", null), IsoReader.Identify(record));
        Assert.Throws<IsoRecordException>(() => IsoReader.Read(record));
    }
}
