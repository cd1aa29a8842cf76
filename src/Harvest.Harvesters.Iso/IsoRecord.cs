namespace Harvest.Harvesters.Iso;

/// <summary>
/// The parts of an ISO 19139 (<c>gmd:MD_Metadata</c>) or ISO 19115-2 (<c>gmi:MI_Metadata</c>) record that
/// harvesting uses, as written in the record (trimmed; empty values are null or left out). Identification
/// fields come from the record's data identification, else its service identification.
/// </summary>
public sealed record IsoRecord
{
    /// <summary><c>gmd:MD_Metadata</c> or <c>gmi:MI_Metadata</c>.</summary>
    public required string RootElement { get; init; }
    /// <summary><c>fileIdentifier</c>: the record's guid; null when the record has none.</summary>
    public string? FileIdentifier { get; init; }
    /// <summary>The metadata language (<c>language</c>: a code list value or free text).</summary>
    public string? Language { get; init; }
    /// <summary>The first <c>hierarchyLevel</c> code (dataset, series, service, ...); when absent, "service" for a service identification and otherwise "dataset", the ISO default.</summary>
    public required string HierarchyLevel { get; init; }
    /// <summary><c>dateStamp</c>, as written (a date or a date-time).</summary>
    public string? DateStamp { get; init; }
    public string? MetadataStandardName { get; init; }
    public string? MetadataStandardVersion { get; init; }
    /// <summary>The first reference system code (<c>referenceSystemInfo</c>), e.g. <c>urn:ogc:def:crs:EPSG:4326</c>.</summary>
    public string? ReferenceSystem { get; init; }

    /// <summary>Whether the identification used is a service identification (<c>srv:SV_ServiceIdentification</c>).</summary>
    public bool IsService { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> AlternateTitles { get; init; } = [];
    public string? Abstract { get; init; }
    public string? Purpose { get; init; }
    /// <summary>The citation's dates: creation, publication, revision, ...</summary>
    public IReadOnlyList<IsoReferenceDate> ReferenceDates { get; init; } = [];
    /// <summary>The first <c>status</c> code (completed, onGoing, ...).</summary>
    public string? Progress { get; init; }
    /// <summary><c>maintenanceAndUpdateFrequency</c> of the resource (asNeeded, daily, ...).</summary>
    public string? MaintenanceFrequency { get; init; }
    public IReadOnlyList<IsoKeyword> Keywords { get; init; } = [];
    public IReadOnlyList<string> TopicCategories { get; init; } = [];
    /// <summary><c>srv:serviceType</c> of a service record (view, download, WMS, ...).</summary>
    public string? ServiceType { get; init; }

    /// <summary>Every <c>useLimitation</c> of the resource constraints, of any constraint type.</summary>
    public IReadOnlyList<string> UseLimitations { get; init; } = [];
    /// <summary><c>accessConstraints</c> restriction codes (otherRestrictions, copyright, ...).</summary>
    public IReadOnlyList<string> AccessConstraintCodes { get; init; } = [];
    /// <summary><c>useConstraints</c> restriction codes.</summary>
    public IReadOnlyList<string> UseConstraintCodes { get; init; } = [];
    /// <summary><c>otherConstraints</c> of the legal constraints (free text, often the licence or access terms).</summary>
    public IReadOnlyList<string> OtherConstraints { get; init; } = [];
    /// <summary>Security <c>classification</c> codes (unclassified, PUBLIC, ...).</summary>
    public IReadOnlyList<string> Classifications { get; init; } = [];

    /// <summary>
    /// Responsible parties, in this order: identification points of contact, the citation's cited parties,
    /// the metadata contacts, then distributors.
    /// </summary>
    public IReadOnlyList<IsoResponsibleParty> ResponsibleParties { get; init; } = [];

    /// <summary>Geographic bounding boxes of the identification's extents, in document order, as written (not normalised).</summary>
    public IReadOnlyList<IsoBoundingBox> BoundingBoxes { get; init; } = [];
    /// <summary>The first temporal extent of the identification.</summary>
    public IsoTemporalExtent? TemporalExtent { get; init; }
    /// <summary>The first lineage statement of the data quality info.</summary>
    public string? Lineage { get; init; }
    public IReadOnlyList<IsoBrowseGraphic> BrowseGraphics { get; init; } = [];

    /// <summary>
    /// Online resources with a URL, in this order: distribution transfer options, distributor transfer options,
    /// then every online resource inside the identification info. Not de-duplicated.
    /// </summary>
    public IReadOnlyList<IsoOnlineResource> OnlineResources { get; init; } = [];

    /// <summary>Things worth logging that did not stop the record being read (a bounding box that is not numbers, say).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>What names a record: its <c>fileIdentifier</c>, title and first <c>hierarchyLevel</c> code, each null when absent or empty.</summary>
public sealed record IsoIdentity(string? FileIdentifier, string? Title, string? HierarchyLevel);

/// <summary>A citation date: its type code (creation, publication, revision, ...) and its value as written.</summary>
public sealed record IsoReferenceDate(string Type, string Value);

/// <summary>One <c>gmd:keyword</c>, with the type and thesaurus of its keyword group when given.</summary>
public sealed record IsoKeyword(string Text, string? Type, string? Thesaurus);

public enum IsoPartySource { PointOfContact, CitedResponsibleParty, MetadataContact, Distributor }

public sealed record IsoResponsibleParty
{
    public string? IndividualName { get; init; }
    public string? OrganisationName { get; init; }
    public string? PositionName { get; init; }
    /// <summary>The role code (pointOfContact, publisher, owner, ...); null when missing or nil.</summary>
    public string? Role { get; init; }
    public string? Email { get; init; }
    public required IsoPartySource Source { get; init; }
}

/// <summary>An <c>EX_GeographicBoundingBox</c> in decimal degrees, as written.</summary>
public sealed record IsoBoundingBox(double West, double East, double South, double North);

/// <summary>A temporal extent's begin and end as written (or an indeterminate position such as "now").</summary>
public sealed record IsoTemporalExtent(string? Begin, string? End);

/// <summary>A <c>graphicOverview</c>: the file name is usually a URL.</summary>
public sealed record IsoBrowseGraphic(string File, string? Description, string? Type);

public enum IsoResourceSource { Distribution, Distributor, Identification }

/// <summary>A <c>CI_OnlineResource</c>.</summary>
public sealed record IsoOnlineResource
{
    public required string Url { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>e.g. <c>OGC:WMS</c>, <c>WWW:LINK-1.0-http--link</c>, <c>ESRI:ArcGIS</c>, or a MIME type.</summary>
    public string? Protocol { get; init; }
    /// <summary>The <c>CI_OnLineFunctionCode</c>: download, information, offlineAccess, order, search, ...</summary>
    public string? Function { get; init; }
    public required IsoResourceSource Source { get; init; }
}
