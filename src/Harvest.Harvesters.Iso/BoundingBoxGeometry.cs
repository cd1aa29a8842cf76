using System.Globalization;

namespace Harvest.Harvesters.Iso;

/// <summary>A bounding box made fit for a spatial index: normalised, and as a GeoJSON geometry.</summary>
public sealed record BoundingBoxGeometry(IsoBoundingBox Box, string GeoJson)
{
    /// <summary>
    /// Normalises a box as written and makes its GeoJSON geometry (RFC 7946, longitude first), or returns null
    /// when the box cannot be used (a coordinate out of range). Every change is reported in <paramref name="warnings"/>:
    /// <list type="bullet">
    /// <item>south greater than north: the two are swapped;</item>
    /// <item>west greater than east: ISO allows that for a box that crosses the antimeridian, so the narrower
    /// reading wins: when west − east is under 180° the two are taken as swapped (warning), otherwise the box
    /// crosses the antimeridian and becomes a MultiPolygon split at ±180° (no warning);</item>
    /// <item>a box with no width and no height is a Point; with only one of them zero, a LineString.</item>
    /// </list>
    /// </summary>
    public static BoundingBoxGeometry? From(IsoBoundingBox box, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(warnings);
        var (west, east, south, north) = (box.West, box.East, box.South, box.North);
        if (!InRange(west, 180) || !InRange(east, 180) || !InRange(south, 90) || !InRange(north, 90))
        {
            warnings.Add($"the bounding box (west {N(west)}, east {N(east)}, south {N(south)}, north {N(north)}) has a coordinate out of range; no spatial extent is recorded");
            return null;
        }
        if (south > north)
        {
            warnings.Add($"the bounding box's southBoundLatitude {N(south)} is north of its northBoundLatitude {N(north)}; the two were swapped");
            (south, north) = (north, south);
        }
        if (west > east && west - east < 180)
        {
            warnings.Add($"the bounding box's westBoundLongitude {N(west)} is east of its eastBoundLongitude {N(east)}; the two were swapped");
            (west, east) = (east, west);
        }

        var normalised = new IsoBoundingBox(west, east, south, north);
        string geoJson;
        if (west == east && south == north)
            geoJson = $$"""{"type":"Point","coordinates":[{{N(west)}},{{N(south)}}]}""";
        else if (west == east || south == north)
            geoJson = $$"""{"type":"LineString","coordinates":[[{{N(west)}},{{N(south)}}],[{{N(east)}},{{N(north)}}]]}""";
        else if (west > east)
            geoJson = $$"""{"type":"MultiPolygon","coordinates":[[{{Ring(west, 180, south, north)}}],[{{Ring(-180, east, south, north)}}]]}""";
        else
            geoJson = $$"""{"type":"Polygon","coordinates":[{{Ring(west, east, south, north)}}]}""";
        return new BoundingBoxGeometry(normalised, geoJson);
    }

    private static bool InRange(double value, double limit) => double.IsFinite(value) && value >= -limit && value <= limit;

    /// <summary>A closed ring, counter-clockwise as RFC 7946 asks of exterior rings.</summary>
    private static string Ring(double west, double east, double south, double north) =>
        $"[[{N(west)},{N(south)}],[{N(east)},{N(south)}],[{N(east)},{N(north)}],[{N(west)},{N(north)}],[{N(west)},{N(south)}]]";

    internal static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
