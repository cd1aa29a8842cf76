namespace Harvest.Harvesters.Iso.Tests;

public sealed class ResourceFormatTests
{
    [Theory]
    [InlineData("OGC:WMS-1.1.1-http-get-capabilities", "https://example.org/ows", "WMS")]
    [InlineData("OGC:WMTS-1.0.0-http-get-capabilities", "https://example.org/ows", "WMTS")]
    [InlineData("ogc:wfs", "https://example.org/ows", "WFS")]
    [InlineData("ESRI:ArcGIS", "https://example.org/MapServer", "Esri REST")]
    [InlineData("OPeNDAP:OPeNDAP", "https://example.org/thredds/dodsC/x.nc", "OPeNDAP")]
    [InlineData("image/jp2", "s3://bucket/granule", "JPEG 2000")]
    [InlineData("WWW:LINK-1.0-http--link", "https://example.org/geoserver/ows?SERVICE=WMS&request=GetCapabilities", "WMS")]
    [InlineData(null, "https://example.org/arcgis/rest/services/Roads/MapServer", "Esri REST")]
    [InlineData("WWW:DOWNLOAD-1.0-http--download", "https://example.org/files/roads.ZIP", "ZIP")]
    [InlineData(null, "https://example.org/data/points.geojson?token=1", "GeoJSON")]
    [InlineData(null, "https://example.org/report.pdf#page=2", "PDF")]
    [InlineData("WWW:LINK-1.0-http--link", "https://example.org/about", null)]
    [InlineData(null, "https://example.org/folder/", null)]
    public void The_format_comes_from_the_protocol_then_the_service_URL_then_the_extension(string? protocol, string url, string? format)
    {
        Assert.Equal(format, ResourceFormats.Guess(protocol, url));
    }

    [Theory]
    [InlineData("image/jp2", "image/jp2")]
    [InlineData(" text/csv ", "text/csv")]
    [InlineData("OGC:WMS", null)]
    [InlineData("WWW:LINK-1.0-http--link", null)]
    [InlineData("http", null)]
    [InlineData("a/b/c", null)]
    [InlineData(null, null)]
    public void Only_a_protocol_written_as_a_MIME_type_is_a_media_type(string? protocol, string? mediaType)
    {
        Assert.Equal(mediaType, ResourceFormats.MediaType(protocol));
    }
}
