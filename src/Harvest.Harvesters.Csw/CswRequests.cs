using System.Globalization;
using System.Xml.Linq;

namespace Harvest.Harvesters.Csw;

/// <summary>The CSW 2.0.2 requests the harvester POSTs, as XML documents.</summary>
internal static class CswRequests
{
    public static readonly XNamespace Csw = "http://www.opengis.net/cat/csw/2.0.2";
    public static readonly XNamespace Ogc = "http://www.opengis.net/ogc";
    public const string Gmd = "http://www.isotc211.org/2005/gmd";
    public const string Apiso = "http://www.opengis.net/cat/csw/apiso/1.0";
    public const string MediaType = "application/xml";
    public const string Accept = "application/xml, text/xml;q=0.9, */*;q=0.5";

    /// <summary>GetRecords of ISO records (outputSchema gmd, ElementSetName full, resultType results) from a position.</summary>
    public static string GetRecords(int startPosition, int maxRecords, CswConfig config)
    {
        var query = new XElement(Csw + "Query", new XAttribute("typeNames", "gmd:MD_Metadata"), new XElement(Csw + "ElementSetName", "full"));
        if (config.Cql is not null)
            query.Add(new XElement(Csw + "Constraint", new XAttribute("version", "1.1.0"), new XElement(Csw + "CqlText", config.Cql)));
        else if (config.Keywords.Count > 0)
            query.Add(new XElement(Csw + "Constraint", new XAttribute("version", "1.1.0"), new XElement(Ogc + "Filter", KeywordFilter(config.Keywords))));
        var request = new XElement(Csw + "GetRecords",
            new XAttribute(XNamespace.Xmlns + "csw", Csw.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ogc", Ogc.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "gmd", Gmd),
            new XAttribute(XNamespace.Xmlns + "apiso", Apiso),
            new XAttribute("service", "CSW"),
            new XAttribute("version", "2.0.2"),
            new XAttribute("resultType", "results"),
            new XAttribute("startPosition", startPosition.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("maxRecords", maxRecords.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("outputFormat", "application/xml"),
            new XAttribute("outputSchema", Gmd),
            query);
        return Document(request);
    }

    /// <summary>GetRecordById of one ISO record, full.</summary>
    public static string GetRecordById(string id) =>
        Document(new XElement(Csw + "GetRecordById",
            new XAttribute(XNamespace.Xmlns + "csw", Csw.NamespaceName),
            new XAttribute("service", "CSW"),
            new XAttribute("version", "2.0.2"),
            new XAttribute("outputFormat", "application/xml"),
            new XAttribute("outputSchema", Gmd),
            new XElement(Csw + "Id", id),
            new XElement(Csw + "ElementSetName", "full")));

    /// <summary>Records whose keywords (apiso:Subject) contain one of the words.</summary>
    private static XElement KeywordFilter(IReadOnlyList<string> keywords)
    {
        var likes = keywords.Select(k => new XElement(Ogc + "PropertyIsLike",
            new XAttribute("wildCard", "%"), new XAttribute("singleChar", "_"), new XAttribute("escapeChar", "\\"),
            new XElement(Ogc + "PropertyName", "apiso:Subject"),
            new XElement(Ogc + "Literal", "%" + EscapeLike(k) + "%"))).ToList();
        return likes.Count == 1 ? likes[0] : new XElement(Ogc + "Or", likes);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string Document(XElement root) =>
        $"{new XDeclaration("1.0", "UTF-8", null)}\n{root.ToString(SaveOptions.DisableFormatting)}";
}
