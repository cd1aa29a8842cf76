using System.Text;

namespace Harvest.Harvesters.Iso.Tests.Support;

/// <summary>Hand-made ISO 19139 records for tests: a minimal valid record, with the parts a test needs added.</summary>
public static class IsoXmlBuilder
{
    public const string Namespaces =
        """xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:srv="http://www.isotc211.org/2005/srv" xmlns:gml="http://www.opengis.net/gml" xmlns:xlink="http://www.w3.org/1999/xlink" """;

    public static string Record(
        string id = "test-record",
        string title = "A test record",
        IEnumerable<string>? keywords = null,
        string? bbox = null,
        string identificationExtra = "",
        string metadataExtra = "",
        string distribution = "",
        string prolog = "",
        string identification = "gmd:MD_DataIdentification")
    {
        var keywordXml = keywords is null
            ? ""
            : "<gmd:descriptiveKeywords><gmd:MD_Keywords>"
              + string.Concat(keywords.Select(k => $"<gmd:keyword><gco:CharacterString>{k}</gco:CharacterString></gmd:keyword>"))
              + "</gmd:MD_Keywords></gmd:descriptiveKeywords>";
        var extent = bbox is null ? "" : $"<gmd:extent><gmd:EX_Extent><gmd:geographicElement>{bbox}</gmd:geographicElement></gmd:EX_Extent></gmd:extent>";
        return $"""
            {prolog}<gmd:MD_Metadata {Namespaces}>
              <gmd:fileIdentifier><gco:CharacterString>{id}</gco:CharacterString></gmd:fileIdentifier>
              {metadataExtra}
              <gmd:identificationInfo><{identification}>
                <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>{title}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
                <gmd:abstract><gco:CharacterString>An abstract.</gco:CharacterString></gmd:abstract>
                {keywordXml}{identificationExtra}{extent}
              </{identification}></gmd:identificationInfo>
              {distribution}
            </gmd:MD_Metadata>
            """;
    }

    public static string Box(string west, string east, string south, string north) =>
        $"<gmd:EX_GeographicBoundingBox><gmd:westBoundLongitude><gco:Decimal>{west}</gco:Decimal></gmd:westBoundLongitude>"
        + $"<gmd:eastBoundLongitude><gco:Decimal>{east}</gco:Decimal></gmd:eastBoundLongitude>"
        + $"<gmd:southBoundLatitude><gco:Decimal>{south}</gco:Decimal></gmd:southBoundLatitude>"
        + $"<gmd:northBoundLatitude><gco:Decimal>{north}</gco:Decimal></gmd:northBoundLatitude></gmd:EX_GeographicBoundingBox>";

    public static string OnlineResource(string url, string? protocol = null, string? name = null, string? function = null)
    {
        var xml = new StringBuilder($"<gmd:CI_OnlineResource><gmd:linkage><gmd:URL>{url}</gmd:URL></gmd:linkage>");
        if (protocol is not null) xml.Append($"<gmd:protocol><gco:CharacterString>{protocol}</gco:CharacterString></gmd:protocol>");
        if (name is not null) xml.Append($"<gmd:name><gco:CharacterString>{name}</gco:CharacterString></gmd:name>");
        if (function is not null) xml.Append($"<gmd:function><gmd:CI_OnLineFunctionCode codeListValue=\"{function}\">{function}</gmd:CI_OnLineFunctionCode></gmd:function>");
        return xml.Append("</gmd:CI_OnlineResource>").ToString();
    }

    public static string Distribution(IEnumerable<string> onlineResources) =>
        "<gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>"
        + string.Concat(onlineResources.Select(r => $"<gmd:onLine>{r}</gmd:onLine>"))
        + "</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>";

    public static string Party(string property, string? organisation, string? role, string? email = null, string? individual = null) =>
        $"<gmd:{property}><gmd:CI_ResponsibleParty>"
        + (individual is null ? "" : $"<gmd:individualName><gco:CharacterString>{individual}</gco:CharacterString></gmd:individualName>")
        + (organisation is null ? "" : $"<gmd:organisationName><gco:CharacterString>{organisation}</gco:CharacterString></gmd:organisationName>")
        + (email is null ? "" : $"<gmd:contactInfo><gmd:CI_Contact><gmd:address><gmd:CI_Address><gmd:electronicMailAddress><gco:CharacterString>{email}</gco:CharacterString></gmd:electronicMailAddress></gmd:CI_Address></gmd:address></gmd:CI_Contact></gmd:contactInfo>")
        + (role is null ? "<gmd:role gco:nilReason=\"missing\"/>" : $"<gmd:role><gmd:CI_RoleCode codeListValue=\"{role}\">{role}</gmd:CI_RoleCode></gmd:role>")
        + $"</gmd:CI_ResponsibleParty></gmd:{property}>";
}
