using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using static Harvest.Harvesters.Iso.IsoNames;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// Reads ISO 19139 <c>gmd:MD_Metadata</c> and ISO 19115-2 <c>gmi:MI_Metadata</c> records, standalone or wrapped
/// in another document (a CSW response), into an <see cref="IsoRecord"/>. Any problem with one record is an
/// <see cref="IsoRecordException"/> for that record.
/// </summary>
public static class IsoReader
{
    /// <summary>Whether an element is an ISO record root.</summary>
    public static bool IsRecordElement(XName name) => name == MdMetadata || name == MiMetadata;

    /// <summary>Whether the reader is positioned on the start of an ISO record.</summary>
    public static bool IsRecordElement(XmlReader reader) =>
        reader.NodeType == XmlNodeType.Element
        && (reader.LocalName, reader.NamespaceURI) is ("MD_Metadata", "http://www.isotc211.org/2005/gmd")
            or ("MI_Metadata", "http://www.isotc211.org/2005/gmi");

    /// <summary>The records in a document (itself, or the records it wraps), in document order; records nested in records are not separate.</summary>
    public static IEnumerable<XElement> FindRecords(XElement container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (IsRecordElement(container.Name))
        {
            yield return container;
            yield break;
        }
        foreach (var child in container.Elements())
            foreach (var record in FindRecords(child))
                yield return record;
    }

    /// <summary>Reads a fetched record's bytes (see <see cref="IsoXml.Decode"/> for the encoding rules).</summary>
    public static IsoRecord Read(ReadOnlySpan<byte> bytes, IsoReadOptions? options = null)
    {
        options ??= IsoReadOptions.Default;
        return Read(IsoXml.Decode(bytes, options.MaxCharacters), options);
    }

    /// <summary>Reads a record's text.</summary>
    public static IsoRecord Read(string xml, IsoReadOptions? options = null)
    {
        options ??= IsoReadOptions.Default;
        return Read(IsoXml.Load(xml, options.MaxCharacters), options);
    }

    /// <summary>
    /// Reads the record the reader is positioned on (see <see cref="IsRecordElement(XmlReader)"/>) and leaves
    /// the reader just after it, also when the record is an error, so a caller can go on to the next record;
    /// only markup that is not well-formed ends the document.
    /// </summary>
    public static IsoRecord Read(XmlReader reader, IsoReadOptions? options = null)
    {
        options ??= IsoReadOptions.Default;
        return Read(IsoXml.ReadElement(reader, options.MaxCharacters), options);
    }

    /// <summary>Reads a record element, standalone or inside a larger document.</summary>
    public static IsoRecord Read(XElement record, IsoReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= IsoReadOptions.Default;
        if (!IsRecordElement(record.Name))
            throw new IsoRecordException(IsoRecordProblem.NotIsoRecord,
                $"the root element is {DisplayName(record)}, not gmd:MD_Metadata or gmi:MI_Metadata");

        if (options.RequireNilReasons) MandatoryValues.Check(record);
        var warnings = new List<string>();
        var identification = Identification(record);
        var citation = identification?.Element(Gmd + "citation")?.Element(Gmd + "CI_Citation");
        var keywords = Keywords(identification, options);
        var resources = OnlineResources(record, options);

        return new IsoRecord
        {
            RootElement = DisplayName(record),
            FileIdentifier = Text(record.Element(Gmd + "fileIdentifier")),
            Language = Code(record.Element(Gmd + "language")),
            HierarchyLevel = record.Elements(Gmd + "hierarchyLevel").Select(Code).FirstOrDefault(c => c is not null)
                ?? (identification?.Name == Srv + "SV_ServiceIdentification" ? "service" : "dataset"),
            DateStamp = DateValue(record.Element(Gmd + "dateStamp")),
            MetadataStandardName = Text(record.Element(Gmd + "metadataStandardName")),
            MetadataStandardVersion = Text(record.Element(Gmd + "metadataStandardVersion")),
            ReferenceSystem = record.Elements(Gmd + "referenceSystemInfo").Elements(Gmd + "MD_ReferenceSystem")
                .Elements(Gmd + "referenceSystemIdentifier").Elements()
                .Select(id => Text(id.Element(Gmd + "code"))).FirstOrDefault(c => c is not null),

            IsService = identification?.Name == Srv + "SV_ServiceIdentification",
            Title = Text(citation?.Element(Gmd + "title")),
            AlternateTitles = Texts(citation?.Elements(Gmd + "alternateTitle")),
            Abstract = Text(identification?.Element(Gmd + "abstract")),
            Purpose = Text(identification?.Element(Gmd + "purpose")),
            ReferenceDates = ReferenceDates(citation),
            Progress = identification?.Elements(Gmd + "status").Select(Code).FirstOrDefault(c => c is not null),
            MaintenanceFrequency = identification?.Elements(Gmd + "resourceMaintenance").Elements(Gmd + "MD_MaintenanceInformation")
                .Select(m => Code(m.Element(Gmd + "maintenanceAndUpdateFrequency"))).FirstOrDefault(c => c is not null),
            Keywords = keywords,
            TopicCategories = Codes(identification?.Elements(Gmd + "topicCategory")),
            ServiceType = Text(identification?.Element(Srv + "serviceType")),

            UseLimitations = Texts(Constraints(identification).Elements(Gmd + "useLimitation")),
            AccessConstraintCodes = Codes(Constraints(identification).Elements(Gmd + "accessConstraints")),
            UseConstraintCodes = Codes(Constraints(identification).Elements(Gmd + "useConstraints")),
            OtherConstraints = Texts(Constraints(identification).Elements(Gmd + "otherConstraints")),
            Classifications = Codes(Constraints(identification).Elements(Gmd + "classification")),

            ResponsibleParties = ResponsibleParties(record, identification, citation),
            BoundingBoxes = BoundingBoxes(identification, warnings),
            TemporalExtent = TemporalExtent(identification),
            Lineage = record.Elements(Gmd + "dataQualityInfo").Elements(Gmd + "DQ_DataQuality").Elements(Gmd + "lineage")
                .Elements(Gmd + "LI_Lineage").Select(l => Text(l.Element(Gmd + "statement"))).FirstOrDefault(s => s is not null),
            BrowseGraphics = BrowseGraphics(identification),
            OnlineResources = resources,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The record's guid, title and hierarchy level without reading the rest and without the limits of
    /// <see cref="IsoReadOptions"/>: what a listing needs to name a record before it is read.
    /// </summary>
    public static IsoIdentity Identify(XElement record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var identification = Identification(record);
        return new IsoIdentity(
            Text(record.Element(Gmd + "fileIdentifier")),
            Text(identification?.Element(Gmd + "citation")?.Element(Gmd + "CI_Citation")?.Element(Gmd + "title")),
            record.Elements(Gmd + "hierarchyLevel").Select(Code).FirstOrDefault(c => c is not null));
    }

    /// <summary>The data identification, else the service identification, else whatever identification there is.</summary>
    private static XElement? Identification(XElement record)
    {
        var candidates = record.Elements(Gmd + "identificationInfo").Elements().ToList();
        return candidates.FirstOrDefault(e => e.Name == Gmd + "MD_DataIdentification")
            ?? candidates.FirstOrDefault(e => e.Name == Srv + "SV_ServiceIdentification")
            ?? candidates.FirstOrDefault();
    }

    private static IEnumerable<XElement> Constraints(XElement? identification) =>
        identification?.Elements(Gmd + "resourceConstraints").Elements() ?? [];

    private static List<IsoKeyword> Keywords(XElement? identification, IsoReadOptions options)
    {
        if (identification is null) return [];
        // srv:keywords is the pre-2007 place for a service's keywords; some services still use it.
        var groups = identification.Elements(Gmd + "descriptiveKeywords").Concat(identification.Elements(Srv + "keywords"))
            .Elements(Gmd + "MD_Keywords").ToList();
        var count = groups.Sum(g => g.Elements(Gmd + "keyword").Count());
        if (count > options.MaxKeywords)
            throw new IsoRecordException(IsoRecordProblem.TooManyKeywords,
                $"the record has {Count(count)} keywords, over the limit of {Count(options.MaxKeywords)}");

        var keywords = new List<IsoKeyword>(count);
        foreach (var group in groups)
        {
            var type = Code(group.Element(Gmd + "type"));
            var thesaurus = Text(group.Element(Gmd + "thesaurusName")?.Element(Gmd + "CI_Citation")?.Element(Gmd + "title"));
            foreach (var keyword in group.Elements(Gmd + "keyword"))
                if (Text(keyword) is { } text)
                    keywords.Add(new IsoKeyword(text, type, thesaurus));
        }
        return keywords;
    }

    private static List<IsoOnlineResource> OnlineResources(XElement record, IsoReadOptions options)
    {
        var distributions = record.Elements(Gmd + "distributionInfo").Elements(Gmd + "MD_Distribution").ToList();
        var direct = distributions.Elements(Gmd + "transferOptions").Elements(Gmd + "MD_DigitalTransferOptions")
            .Elements(Gmd + "onLine").Elements(Gmd + "CI_OnlineResource").ToList();
        var distributor = distributions.Elements(Gmd + "distributor").Elements(Gmd + "MD_Distributor")
            .Elements(Gmd + "distributorTransferOptions").Elements(Gmd + "MD_DigitalTransferOptions")
            .Elements(Gmd + "onLine").Elements(Gmd + "CI_OnlineResource").ToList();
        // As ckanext-spatial does: every online resource anywhere in the identification info (cited parties'
        // pages, aggregate records, thesaurus pages included).
        var identification = record.Elements(Gmd + "identificationInfo").Descendants(Gmd + "CI_OnlineResource").ToList();

        var count = direct.Count + distributor.Count + identification.Count;
        if (count > options.MaxResources)
            throw new IsoRecordException(IsoRecordProblem.TooManyResources,
                $"the record has {Count(count)} online resources, over the limit of {Count(options.MaxResources)}");

        var resources = new List<IsoOnlineResource>(count);
        Add(direct, IsoResourceSource.Distribution);
        Add(distributor, IsoResourceSource.Distributor);
        Add(identification, IsoResourceSource.Identification);
        return resources;

        void Add(List<XElement> elements, IsoResourceSource source)
        {
            foreach (var element in elements)
            {
                var url = Text(element.Element(Gmd + "linkage"));
                if (url is null) continue;
                resources.Add(new IsoOnlineResource
                {
                    Url = url,
                    Name = Text(element.Element(Gmd + "name")),
                    Description = Text(element.Element(Gmd + "description")),
                    Protocol = Text(element.Element(Gmd + "protocol")),
                    Function = Code(element.Element(Gmd + "function")),
                    Source = source,
                });
            }
        }
    }

    private static List<IsoReferenceDate> ReferenceDates(XElement? citation)
    {
        var dates = new List<IsoReferenceDate>();
        foreach (var date in citation?.Elements(Gmd + "date").Elements(Gmd + "CI_Date") ?? [])
        {
            var type = Code(date.Element(Gmd + "dateType"));
            var value = DateValue(date.Element(Gmd + "date"));
            if (type is not null && value is not null) dates.Add(new IsoReferenceDate(type, value));
        }
        return dates;
    }

    private static List<IsoResponsibleParty> ResponsibleParties(XElement record, XElement? identification, XElement? citation)
    {
        var parties = new List<IsoResponsibleParty>();
        Add(identification?.Elements(Gmd + "pointOfContact"), IsoPartySource.PointOfContact);
        Add(citation?.Elements(Gmd + "citedResponsibleParty"), IsoPartySource.CitedResponsibleParty);
        Add(record.Elements(Gmd + "contact"), IsoPartySource.MetadataContact);
        Add(record.Elements(Gmd + "distributionInfo").Elements(Gmd + "MD_Distribution").Elements(Gmd + "distributor")
            .Elements(Gmd + "MD_Distributor").Elements(Gmd + "distributorContact"), IsoPartySource.Distributor);
        return parties;

        void Add(IEnumerable<XElement>? properties, IsoPartySource source)
        {
            foreach (var party in properties?.Elements(Gmd + "CI_ResponsibleParty") ?? [])
            {
                var address = party.Element(Gmd + "contactInfo")?.Element(Gmd + "CI_Contact")?.Element(Gmd + "address")?.Element(Gmd + "CI_Address");
                parties.Add(new IsoResponsibleParty
                {
                    IndividualName = Text(party.Element(Gmd + "individualName")),
                    OrganisationName = Text(party.Element(Gmd + "organisationName")),
                    PositionName = Text(party.Element(Gmd + "positionName")),
                    Role = Code(party.Element(Gmd + "role")),
                    Email = address?.Elements(Gmd + "electronicMailAddress").Select(Text).FirstOrDefault(e => e is not null),
                    Source = source,
                });
            }
        }
    }

    /// <summary>The extents of an identification: <c>gmd:extent</c>, or <c>srv:extent</c> in a service record.</summary>
    private static IEnumerable<XElement> Extents(XElement? identification) =>
        identification?.Elements().Where(e => e.Name == Gmd + "extent" || e.Name == Srv + "extent").Elements(Gmd + "EX_Extent") ?? [];

    private static List<IsoBoundingBox> BoundingBoxes(XElement? identification, List<string> warnings)
    {
        var boxes = new List<IsoBoundingBox>();
        var index = 0;
        foreach (var box in Extents(identification).Elements(Gmd + "geographicElement").Elements(Gmd + "EX_GeographicBoundingBox"))
        {
            index++;
            var values = new[] { "westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude" }
                .Select(name => (Name: name, Text: box.Element(Gmd + name)?.Element(Gco + "Decimal")?.Value.Trim()))
                .ToList();
            var bad = values.FirstOrDefault(v => !double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (bad.Name is not null)
            {
                warnings.Add($"bounding box {index} is ignored: {bad.Name} is {(bad.Text is null ? "missing" : $"'{bad.Text}', not a number")}");
                continue;
            }
            var numbers = values.Select(v => double.Parse(v.Text!, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            boxes.Add(new IsoBoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]));
        }
        return boxes;
    }

    private static IsoTemporalExtent? TemporalExtent(XElement? identification)
    {
        // EX_TemporalExtent or a subtype such as EX_SpatialTemporalExtent; GML 3.1 or GML 3.2.
        foreach (var extent in Extents(identification).Elements(Gmd + "temporalElement").Elements().Elements(Gmd + "extent").Elements())
        {
            var ns = extent.Name.Namespace;
            if (ns != Gml && ns != Gml32) continue;
            if (extent.Name.LocalName == "TimePeriod")
            {
                var begin = Position(extent.Element(ns + "beginPosition")) ?? Position(extent.Element(ns + "begin")?.Element(ns + "TimeInstant")?.Element(ns + "timePosition"));
                var end = Position(extent.Element(ns + "endPosition")) ?? Position(extent.Element(ns + "end")?.Element(ns + "TimeInstant")?.Element(ns + "timePosition"));
                if (begin is not null || end is not null) return new IsoTemporalExtent(begin, end);
            }
            else if (extent.Name.LocalName == "TimeInstant" && Position(extent.Element(ns + "timePosition")) is { } instant)
            {
                return new IsoTemporalExtent(instant, instant);
            }
        }
        return null;
    }

    /// <summary>A GML time position: its text, else its indeterminate position ("now", "unknown", ...).</summary>
    private static string? Position(XElement? position) =>
        position is null ? null : NonEmpty(position.Value) ?? NonEmpty(position.Attribute("indeterminatePosition")?.Value);

    private static List<IsoBrowseGraphic> BrowseGraphics(XElement? identification)
    {
        var graphics = new List<IsoBrowseGraphic>();
        foreach (var graphic in identification?.Elements(Gmd + "graphicOverview").Elements(Gmd + "MD_BrowseGraphic") ?? [])
        {
            if (Text(graphic.Element(Gmd + "fileName")) is { } file)
                graphics.Add(new IsoBrowseGraphic(file, Text(graphic.Element(Gmd + "fileDescription")), Text(graphic.Element(Gmd + "fileType"))));
        }
        return graphics;
    }

    /// <summary>A property's text: its string, anchor, file name or URL child; null when empty or nil.</summary>
    internal static string? Text(XElement? property)
    {
        if (property is null) return null;
        foreach (var child in property.Elements())
            if (Array.IndexOf(TextElements, child.Name) >= 0)
                return NonEmpty(child.Value);
        return null;
    }

    /// <summary>A code property's value: its code list value, else its text (or the text of a plain string).</summary>
    internal static string? Code(XElement? property)
    {
        var code = property?.Elements().FirstOrDefault();
        if (code is null) return null;
        return NonEmpty(code.Attribute("codeListValue")?.Value) ?? NonEmpty(code.Value);
    }

    private static string? DateValue(XElement? property) =>
        NonEmpty(property?.Element(Gco + "DateTime")?.Value) ?? NonEmpty(property?.Element(Gco + "Date")?.Value);

    private static List<string> Texts(IEnumerable<XElement>? properties) =>
        properties?.Select(Text).OfType<string>().ToList() ?? [];

    private static List<string> Codes(IEnumerable<XElement>? properties) =>
        properties?.Select(Code).OfType<string>().ToList() ?? [];

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string DisplayName(XElement element)
    {
        var prefix = element.GetPrefixOfNamespace(element.Name.Namespace);
        if (!string.IsNullOrEmpty(prefix)) return $"{prefix}:{element.Name.LocalName}";
        return element.Name.Namespace == XNamespace.None ? element.Name.LocalName : element.Name.ToString();
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
