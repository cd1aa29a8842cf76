using System.Xml.Linq;

namespace Harvest.Harvesters.Iso;

/// <summary>The namespaces of ISO 19139 and ISO 19115-2 records.</summary>
internal static class IsoNames
{
    public static readonly XNamespace Gmd = "http://www.isotc211.org/2005/gmd";
    public static readonly XNamespace Gmi = "http://www.isotc211.org/2005/gmi";
    public static readonly XNamespace Gco = "http://www.isotc211.org/2005/gco";
    public static readonly XNamespace Gmx = "http://www.isotc211.org/2005/gmx";
    public static readonly XNamespace Srv = "http://www.isotc211.org/2005/srv";
    public static readonly XNamespace Gml = "http://www.opengis.net/gml";
    public static readonly XNamespace Gml32 = "http://www.opengis.net/gml/3.2";

    public static readonly XName MdMetadata = Gmd + "MD_Metadata";
    public static readonly XName MiMetadata = Gmi + "MI_Metadata";

    /// <summary>Elements that carry a property's text: plain strings, anchors (links with a label), file and MIME names, URLs.</summary>
    public static readonly XName[] TextElements =
    [
        Gco + "CharacterString", Gmx + "Anchor", Gmx + "FileName", Gmx + "MimeFileType",
        Gco + "LocalName", Gco + "ScopedName", Gmd + "URL",
    ];
}
