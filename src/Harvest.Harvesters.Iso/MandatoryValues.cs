using System.Xml.Linq;
using static Harvest.Harvesters.Iso.IsoNames;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// ISO 19139's rule for a mandatory property written without a value: it must say why with <c>gco:nilReason</c>
/// (missing, unknown, withheld, ...). An empty <c>&lt;gmd:role/&gt;</c> breaks it, and is what makes
/// datagov-harvester's transform reject a record ("element 'role' is missing valid nil reason"). Only the mandatory
/// properties of the classes the reader maps are checked; absent properties are not (ckanext-spatial harvests
/// records that leave them out).
/// </summary>
internal static class MandatoryValues
{
    private static readonly Dictionary<XName, string[]> Mandatory = new()
    {
        [MdMetadata] = ["contact", "dateStamp", "identificationInfo"],
        [MiMetadata] = ["contact", "dateStamp", "identificationInfo"],
        [Gmd + "MD_DataIdentification"] = ["citation", "abstract"],
        [Srv + "SV_ServiceIdentification"] = ["citation", "abstract"],
        [Gmd + "CI_Citation"] = ["title", "date"],
        [Gmd + "CI_Date"] = ["date", "dateType"],
        [Gmd + "CI_ResponsibleParty"] = ["role"],
        [Gmd + "MD_Keywords"] = ["keyword"],
        [Gmd + "CI_OnlineResource"] = ["linkage"],
        [Gmd + "MD_Identifier"] = ["code"],
        [Gmd + "RS_Identifier"] = ["code"],
        [Gmd + "EX_GeographicBoundingBox"] = ["westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude"],
    };

    private static readonly XName NilReason = Gco + "nilReason";
    private static readonly XName Href = XNamespace.Get("http://www.w3.org/1999/xlink") + "href";

    /// <summary>Throws for the first mandatory property that is empty and gives no nil reason.</summary>
    public static void Check(XElement record)
    {
        foreach (var owner in record.DescendantsAndSelf())
        {
            if (!Mandatory.TryGetValue(owner.Name, out var properties)) continue;
            foreach (var property in owner.Elements())
            {
                if (property.Name.Namespace != Gmd || Array.IndexOf(properties, property.Name.LocalName) < 0 || !IsEmpty(property)) continue;
                throw new IsoRecordException(IsoRecordProblem.MissingNilReason,
                    $"the record's {Prefixed(owner)}/{Prefixed(property)} is empty and gives no gco:nilReason " +
                    "(ISO 19139: a mandatory property without a value must say why it has none)");
            }
        }
    }

    private static bool IsEmpty(XElement property) =>
        !property.HasElements && string.IsNullOrWhiteSpace(property.Value)
        && string.IsNullOrWhiteSpace(property.Attribute(NilReason)?.Value)
        && string.IsNullOrWhiteSpace(property.Attribute(Href)?.Value)
        && string.IsNullOrWhiteSpace(property.Attribute("uuidref")?.Value);

    private static string Prefixed(XElement element)
    {
        var prefix = element.GetPrefixOfNamespace(element.Name.Namespace);
        return string.IsNullOrEmpty(prefix) ? element.Name.LocalName : $"{prefix}:{element.Name.LocalName}";
    }
}
