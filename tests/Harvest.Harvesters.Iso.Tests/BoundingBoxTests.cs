using static Harvest.Harvesters.Iso.Tests.Support.IsoXmlBuilder;

namespace Harvest.Harvesters.Iso.Tests;

public sealed class BoundingBoxTests
{
    private static (BoundingBoxGeometry? Geometry, List<string> Warnings) Normalise(double west, double east, double south, double north)
    {
        var warnings = new List<string>();
        return (BoundingBoxGeometry.From(new IsoBoundingBox(west, east, south, north), warnings), warnings);
    }

    [Fact]
    public void A_well_formed_box_is_a_counter_clockwise_polygon_with_no_warning()
    {
        var (geometry, warnings) = Normalise(20, 24, 38, 40);

        Assert.Equal("""{"type":"Polygon","coordinates":[[[20,38],[24,38],[24,40],[20,40],[20,38]]]}""", geometry!.GeoJson);
        Assert.Empty(warnings);
    }

    [Fact]
    public void South_and_north_the_wrong_way_round_are_swapped_with_a_warning()
    {
        var (geometry, warnings) = Normalise(20, 24, 40, 38);

        Assert.Equal(new IsoBoundingBox(20, 24, 38, 40), geometry!.Box);
        Assert.Equal("the bounding box's southBoundLatitude 40 is north of its northBoundLatitude 38; the two were swapped", Assert.Single(warnings));
    }

    [Fact]
    public void West_and_east_the_wrong_way_round_are_swapped_with_a_warning()
    {
        var (geometry, warnings) = Normalise(24, 20, 38, 40);

        Assert.Equal(new IsoBoundingBox(20, 24, 38, 40), geometry!.Box);
        Assert.Equal("the bounding box's westBoundLongitude 24 is east of its eastBoundLongitude 20; the two were swapped", Assert.Single(warnings));
    }

    [Fact]
    public void A_box_across_the_antimeridian_is_kept_and_split_in_two()
    {
        var (geometry, warnings) = Normalise(170, -170, -20, -10);

        Assert.Equal(new IsoBoundingBox(170, -170, -20, -10), geometry!.Box);
        Assert.Equal("""{"type":"MultiPolygon","coordinates":[[[[170,-20],[180,-20],[180,-10],[170,-10],[170,-20]]],[[[-180,-20],[-170,-20],[-170,-10],[-180,-10],[-180,-20]]]]}""",
            geometry.GeoJson);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_box_with_no_area_is_a_point_and_one_with_no_width_a_line()
    {
        Assert.Equal("""{"type":"Point","coordinates":[158.224,6.955]}""", Normalise(158.224, 158.224, 6.955, 6.955).Geometry!.GeoJson);
        Assert.Equal("""{"type":"LineString","coordinates":[[10,1],[10,2]]}""", Normalise(10, 10, 1, 2).Geometry!.GeoJson);
    }

    [Fact]
    public void A_coordinate_out_of_range_gives_no_geometry_and_a_warning()
    {
        var (geometry, warnings) = Normalise(0, 360, -90, 90);

        Assert.Null(geometry);
        Assert.Contains("out of range", Assert.Single(warnings));
    }

    [FixtureFact]
    public void The_first_box_of_test_xml_with_both_pairs_reversed_is_normalised_in_the_mapping_with_warnings()
    {
        // test.xml as published is well-formed (20, 38, 24, 40); reversing both pairs in memory makes the faulty version.
        var xml = File.ReadAllText(IsoFiles.CswRecord("test.xml"))
            .Replace("<gmd:westBoundLongitude><gco:Decimal>20.00", "<gmd:westBoundLongitude><gco:Decimal>38.00")
            .Replace("<gmd:eastBoundLongitude><gco:Decimal>38.00", "<gmd:eastBoundLongitude><gco:Decimal>20.00")
            .Replace("<gmd:southBoundLatitude><gco:Decimal>24.00", "<gmd:southBoundLatitude><gco:Decimal>40.00")
            .Replace("<gmd:northBoundLatitude><gco:Decimal>40.00", "<gmd:northBoundLatitude><gco:Decimal>24.00");
        Assert.Equal(new IsoBoundingBox(38, 20, 40, 24), IsoReader.Read(xml).BoundingBoxes[0]);

        var mapping = IsoDatasetMapper.Map(xml);

        Assert.Equal("""{"type":"Polygon","coordinates":[[[20,24],[38,24],[38,40],[20,40],[20,24]]]}""", mapping.Draft.Extras["spatial"]);
        Assert.Equal(["20", "38", "24", "40"],
            new[] { "bbox-west-long", "bbox-east-long", "bbox-south-lat", "bbox-north-lat" }.Select(k => mapping.Draft.Extras[k]));
        Assert.Equal(2, mapping.Warnings.Count);
    }

    [Fact]
    public void A_box_that_is_not_numbers_is_skipped_with_a_warning_and_the_next_box_is_used()
    {
        var xml = Record(bbox: Box("twenty", "24", "38", "40") + "</gmd:geographicElement><gmd:geographicElement>" + Box("1", "2", "3", "4"));

        var record = IsoReader.Read(xml);
        var mapping = IsoDatasetMapper.Map(record);

        Assert.Equal(new IsoBoundingBox(1, 2, 3, 4), Assert.Single(record.BoundingBoxes));
        Assert.Equal("bounding box 1 is ignored: westBoundLongitude is 'twenty', not a number", Assert.Single(mapping.Warnings));
        Assert.Equal("1", mapping.Draft.Extras["bbox-west-long"]);
    }
}
