using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Harvest.Harvesters.Geo.Tests.Support;

/// <summary>One record a test CSW server holds: its id and its XML (without an XML declaration).</summary>
public sealed record CswTestRecord(string Id, string Xml);

/// <summary>Records for a test CSW server: the pycsw apiso catalogue of the shared fixtures, or hand-made ones.</summary>
public static partial class CswCatalog
{
    public const string FirstPageResponse = "post_GetRecords-all.xml";

    /// <summary>
    /// The 18 records of csw/records in the order pycsw returns them (file-name byte order, as the fixtures' README
    /// table lists them).
    /// </summary>
    public static IReadOnlyList<CswTestRecord> Pycsw()
    {
        var folder = Path.GetDirectoryName(IsoFiles.CswRecord("test.xml"))!;
        return Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal)
            .Select(path => File.ReadAllText(path))
            .Select(xml => new CswTestRecord(IdOf(xml), WithoutDeclaration(xml)))
            .ToList();
    }

    /// <summary>Hand-made records <c>rec-1</c> ... titled <c>Record 1</c> ...</summary>
    public static List<CswTestRecord> Made(int count, string prefix = "rec") =>
        Enumerable.Range(1, count).Select(i => Made($"{prefix}-{i}", $"Record {i}")).ToList();

    public static CswTestRecord Made(string id, string title, IEnumerable<string>? keywords = null) =>
        new(id, WithoutDeclaration(IsoXmlBuilder.Record(id: id, title: title, keywords: keywords)));

    private static string IdOf(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        XNamespace gmd = "http://www.isotc211.org/2005/gmd";
        return root.Element(gmd + "fileIdentifier")!.Elements().First().Value.Trim();
    }

    public static string WithoutDeclaration(string xml) => Declaration().Replace(xml, "", 1).Trim();

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>")]
    private static partial Regex Declaration();
}
