namespace Harvest.Harvesters.Iso;

/// <summary>
/// The extras an ISO record maps to. Names follow ckanext-spatial where it has one, so that users' searches
/// and templates keep working. Values are strings as written in the record unless said otherwise; lists are
/// JSON arrays of strings; a key is left out when the record has no value for it.
/// </summary>
public static class IsoExtras
{
    /// <summary><c>fileIdentifier</c>.</summary>
    public const string Guid = "guid";
    /// <summary>The first <c>hierarchyLevel</c> (dataset, series, service, ...).</summary>
    public const string ResourceType = "resource-type";
    /// <summary><c>dateStamp</c>.</summary>
    public const string MetadataDate = "metadata-date";
    public const string MetadataLanguage = "metadata-language";
    public const string SpatialReferenceSystem = "spatial-reference-system";

    /// <summary>The citation dates, JSON: <c>[{"type":"creation","value":"2011-04-19"}, ...]</c>.</summary>
    public const string DatasetReferenceDate = "dataset-reference-date";
    /// <summary>The first creation date.</summary>
    public const string DateCreated = "date-created";
    /// <summary>The first publication date.</summary>
    public const string DateReleased = "date-released";
    /// <summary>The newest revision date.</summary>
    public const string DateUpdated = "date-updated";

    /// <summary><c>maintenanceAndUpdateFrequency</c> code.</summary>
    public const string FrequencyOfUpdate = "frequency-of-update";
    /// <summary>The first <c>status</c> code.</summary>
    public const string Progress = "progress";
    /// <summary><c>srv:serviceType</c> of a service record.</summary>
    public const string SpatialDataServiceType = "spatial-data-service-type";

    /// <summary>The <c>useLimitation</c> texts, JSON list (ckanext-spatial's "licence").</summary>
    public const string Licence = "licence";
    /// <summary>The first <c>useLimitation</c> that is an http(s) URL.</summary>
    public const string LicenceUrl = "licence_url";
    /// <summary>The legal <c>otherConstraints</c> texts, JSON list (ckanext-spatial's "access_constraints").</summary>
    public const string AccessConstraints = "access_constraints";
    /// <summary>The <c>accessConstraints</c> restriction codes, JSON list.</summary>
    public const string AccessConstraintCodes = "access-constraint-codes";
    /// <summary>The <c>useConstraints</c> restriction codes, JSON list.</summary>
    public const string UseConstraintCodes = "use-constraint-codes";
    /// <summary>Security classification codes, JSON list.</summary>
    public const string Classification = "classification";

    /// <summary>JSON: <c>[{"name":"NTUA","roles":["owner","pointOfContact"]}, ...]</c>, grouped by organisation (else person).</summary>
    public const string ResponsibleParty = "responsible-party";
    /// <summary>The first point-of-contact email, else the first metadata-contact email.</summary>
    public const string ContactEmail = "contact-email";

    /// <summary>The first bounding box as a GeoJSON geometry: Polygon, Point, LineString, or MultiPolygon across the antimeridian.</summary>
    public const string Spatial = "spatial";
    /// <summary>The first bounding box, normalised, as invariant-culture numbers.</summary>
    public const string BboxWestLong = "bbox-west-long";
    public const string BboxEastLong = "bbox-east-long";
    public const string BboxSouthLat = "bbox-south-lat";
    public const string BboxNorthLat = "bbox-north-lat";
    /// <summary>The temporal extent's begin and end, as written (or an indeterminate position such as "now").</summary>
    public const string TemporalExtentBegin = "temporal-extent-begin";
    public const string TemporalExtentEnd = "temporal-extent-end";

    /// <summary>The first lineage statement.</summary>
    public const string Lineage = "lineage";
    /// <summary>The first graphic overview's file name (usually a URL), description and type.</summary>
    public const string GraphicPreviewFile = "graphic-preview-file";
    public const string GraphicPreviewDescription = "graphic-preview-description";
    public const string GraphicPreviewType = "graphic-preview-type";
}
