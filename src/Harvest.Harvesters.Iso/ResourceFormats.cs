namespace Harvest.Harvesters.Iso;

/// <summary>
/// Guesses a resource's format from its protocol, then from well-known service URL patterns, then from the
/// file extension; looks at the URL text only, never at the remote. Null when nothing fits.
/// </summary>
public static class ResourceFormats
{
    // Protocol prefixes as GeoNetwork and INSPIRE records write them (compared case-insensitively).
    private static readonly (string Prefix, string Format)[] Protocols =
    [
        ("OGC:WMTS", "WMTS"), ("OGC:WMS", "WMS"), ("OGC:WFS", "WFS"), ("OGC:WCS", "WCS"), ("OGC:WCTS", "WCTS"),
        ("OGC:WPS", "WPS"), ("OGC:SOS", "SOS"), ("OGC:CSW", "CSW"), ("OGC:WMC", "WMC"), ("OGC:WNS", "WNS"),
        ("OGC:KML", "KML"), ("OGC:GML", "GML"), ("OGC:API-FEATURES", "OGC API - Features"),
        ("GLG:KML", "KML"), ("ESRI:ARCGIS", "Esri REST"), ("ESRI REST", "Esri REST"), ("ESRI:AIMS", "ArcIMS"),
        ("OPENDAP", "OPeNDAP"), ("UNIDATA:OPENDAP", "OPeNDAP"), ("TMS", "TMS"),
    ];

    private static readonly (string Fragment, string Format)[] ServiceUrls =
    [
        ("service=wmts", "WMTS"), ("service=wms", "WMS"), ("service=wfs", "WFS"), ("service=wcs", "WCS"),
        ("service=csw", "CSW"), ("service=sos", "SOS"), ("/arcgis/rest/services", "Esri REST"),
        ("/wmts", "WMTS"), ("/wms", "WMS"), ("/wfs", "WFS"), ("/wcs", "WCS"), ("/csw", "CSW"),
    ];

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = "CSV", ["tsv"] = "TSV", ["json"] = "JSON", ["geojson"] = "GeoJSON", ["xml"] = "XML",
        ["zip"] = "ZIP", ["gz"] = "GZIP", ["kml"] = "KML", ["kmz"] = "KMZ", ["gml"] = "GML", ["shp"] = "SHP",
        ["tif"] = "TIFF", ["tiff"] = "TIFF", ["jp2"] = "JPEG 2000", ["png"] = "PNG", ["jpg"] = "JPEG", ["jpeg"] = "JPEG",
        ["pdf"] = "PDF", ["xls"] = "XLS", ["xlsx"] = "XLSX", ["txt"] = "TXT", ["html"] = "HTML", ["htm"] = "HTML",
        ["nc"] = "NetCDF", ["gpkg"] = "GeoPackage", ["parquet"] = "Parquet", ["las"] = "LAS", ["laz"] = "LAZ",
    };

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text/csv"] = "CSV", ["application/json"] = "JSON", ["application/geo+json"] = "GeoJSON",
        ["application/xml"] = "XML", ["text/xml"] = "XML", ["application/zip"] = "ZIP", ["application/pdf"] = "PDF",
        ["text/html"] = "HTML", ["text/plain"] = "TXT", ["image/tiff"] = "TIFF", ["image/jp2"] = "JPEG 2000",
        ["image/png"] = "PNG", ["image/jpeg"] = "JPEG", ["application/x-netcdf"] = "NetCDF",
        ["application/vnd.google-earth.kml+xml"] = "KML", ["application/vnd.google-earth.kmz"] = "KMZ",
        ["application/geopackage+sqlite3"] = "GeoPackage",
    };

    public static string? Guess(string? protocol, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var p = protocol?.Trim() ?? "";
        foreach (var (prefix, format) in Protocols)
            if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return format;
        if (MediaType(protocol) is { } mediaType && MediaTypes.TryGetValue(mediaType, out var fromMediaType)) return fromMediaType;

        var lower = url.Trim().ToLowerInvariant();
        foreach (var (fragment, format) in ServiceUrls)
            if (lower.Contains(fragment, StringComparison.Ordinal)) return format;

        var path = lower.Split('?', '#')[0].TrimEnd('/');
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 && Extensions.TryGetValue(name[(dot + 1)..], out var fromExtension) ? fromExtension : null;
    }

    /// <summary>The protocol when it is written as a MIME type (some records do, e.g. <c>image/jp2</c>), else null.</summary>
    public static string? MediaType(string? protocol)
    {
        if (string.IsNullOrWhiteSpace(protocol)) return null;
        var value = protocol.Trim();
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1 || value.IndexOf('/', slash + 1) >= 0) return null;
        if (value.Any(c => char.IsWhiteSpace(c) || c == ':')) return null;
        return value;
    }
}
