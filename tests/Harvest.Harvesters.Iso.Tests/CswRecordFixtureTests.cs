namespace Harvest.Harvesters.Iso.Tests;

/// <summary>The 18 ISO records of pycsw's APISO suite (csw/records), read one file at a time.</summary>
public sealed class CswRecordFixtureTests
{
    public static TheoryData<string, string, string, string, double, double, double, double> Records => new()
    {
        { "3e9a8c05.xml", "3e9a8c05", "test Title", "service", 19.37, 29.61, 34.80, 41.75 },
        { "T_aerfo_RAS_1991_GR800P001800000012.xml", "366f6257-19eb-4f20-ba78-0698ac4aae77", "Aerial Photos", "dataset", 20, 24, 38, 40 },
        { "T_aerfo_RAS_1991_GR800P001800000013.xml", "75a7eb5e-336e-453d-ab06-209b1070d396", "Aerial Photos", "dataset", 20, 24, 38, 40 },
        { "T_aerfo_RAS_1991_GR800P001800000014.xml", "a7308c0a-b748-48e2-bab7-0a608a51d416", "Aerial Photos", "dataset", 20, 24, 38, 40 },
        { "T_aerfo_RAS_1991_GR800P001800000015.xml", "0173e0d7-6ea9-4407-b846-f29d6bfa9903", "Aerial Photos", "dataset", 20, 24, 38, 40 },
        { "T_ortho_RAS_1998_284404.xml", "de53e931-778a-4792-94ad-9fe507aca483", "Ortho", "dataset", 21.478784, 21.527317, 39.76001, 39.790341 },
        { "T_ortho_RAS_1998_288395.xml", "4a5109d7-9ce5-4197-a423-b5fa8c426dee", "Ortho", "dataset", 21.528333, 21.576834, 39.679999, 39.710309 },
        { "T_ortho_RAS_1998_288398.xml", "5f37e0f8-4fb1-4637-b959-b415058bdb68", "Ortho", "dataset", 21.527369, 21.575888, 39.707004, 39.737315 },
        { "T_ortho_RAS_1998_288401.xml", "f99cc358-f379-4e79-ab1e-cb2f7709f594", "Ortho", "dataset", 21.526404, 21.574941, 39.734009, 39.764321 },
        { "T_ortho_RAS_1998_288404.xml", "ae200a05-2800-40b8-b85d-8f8d007b9e30", "Ortho", "dataset", 21.525437, 21.573992, 39.761015, 39.791327 },
        { "T_pmoed_DTM_1996_276395.xml", "a2744b0c-becd-426a-95a8-46e9850ccc6d", "DTM", "dataset", 19, 30, 34, 42 },
        { "T_pmoed_DTM_1996_276398.xml", "0dc824a6-b555-46c1-bd7b-bc66cb91a70f", "DTM", "dataset", 19, 30, 34, 42 },
        { "T_pmoed_DTM_1996_276401.xml", "42c8e55a-2bf6-476d-a7c9-be3bcd697f13", "DTM", "dataset", 19, 30, 34, 42 },
        { "T_pmoed_DTM_1996_276404.xml", "c3bf29d4-d60a-4959-a415-2c03fb0d4aef", "DTM", "dataset", 19, 30, 34, 42 },
        { "T_pmoed_DTM_1996_280395.xml", "b8cc2388-5d0a-43d8-9473-0e86dd0396da", "DTM", "dataset", 19, 30, 34, 42 },
        { "iso_19115-2_Sentinel-2-scene.xml", "S2B_MSIL2A_20200902T090559_N0214_R050_T34SFG_20200902T113910.SAFE",
            "S2B_MSIL2A_20200902T090559_N0214_R050_T34SFG_20200902T113910.SAFE", "dataset",
            22.241087944581203, 22.316296604618408, 36.95084163397443, 37.21692395594552 },
        { "pacioos-NS06agg.xml", "NS06agg", "PacIOOS Nearshore Sensor 06: Pohnpei, Micronesia", "dataset",
            158.22402954101562, 158.22402954101562, 6.955227375030518, 6.955227375030518 },
        // As written: east 38 and south 24 look swapped against the four sibling "Aerial Photos" records
        // (20, 24, 38, 40), but west < east and south < north, so nothing in this record alone says so.
        { "test.xml", "437ae0a2-06e2-4015-b296-a66e7f407bf2", "Aerial Photos", "dataset", 20, 38, 24, 40 },
    };

    [FixtureTheory]
    [MemberData(nameof(Records))]
    public void Each_record_reads_with_its_identifier_title_level_and_bounding_box(
        string file, string identifier, string title, string level, double west, double east, double south, double north)
    {
        var record = IsoReader.Read(File.ReadAllBytes(IsoFiles.CswRecord(file)));

        Assert.Equal(identifier, record.FileIdentifier);
        Assert.Equal(title, record.Title);
        Assert.Equal(level, record.HierarchyLevel);
        Assert.Equal(level == "service", record.IsService);
        Assert.Equal(new IsoBoundingBox(west, east, south, north), record.BoundingBoxes[0]);
        Assert.Empty(record.Warnings);

        var mapping = IsoDatasetMapper.Map(record);
        Assert.Equal(title, mapping.Draft.Title);
        Assert.Equal(identifier, mapping.Draft.Extras["guid"]);
        Assert.Equal(level, mapping.Draft.Extras["resource-type"]);
        Assert.Empty(mapping.Warnings);
    }

    [FixtureFact]
    public void The_catalogue_holds_18_distinct_identifiers_17_datasets_and_1_service()
    {
        var records = Directory.GetFiles(Path.GetDirectoryName(IsoFiles.CswRecord("test.xml"))!, "*.xml")
            .Select(path => IsoReader.Read(File.ReadAllBytes(path)))
            .ToList();

        Assert.Equal(18, records.Count);
        Assert.Equal(18, records.Select(r => r.FileIdentifier).Distinct().Count());
        Assert.Equal(17, records.Count(r => r.HierarchyLevel == "dataset"));
        Assert.Equal("3e9a8c05", Assert.Single(records, r => r.HierarchyLevel == "service").FileIdentifier);
        Assert.Equal(2, records.Count(r => r.RootElement == "gmi:MI_Metadata"));
        Assert.Equal(5, records.Count(r => r.Title == "Aerial Photos"));
    }

    [FixtureFact]
    public void The_service_record_maps_its_srv_extent_service_type_and_contacts()
    {
        var mapping = IsoDatasetMapper.Map(File.ReadAllText(IsoFiles.CswRecord("3e9a8c05.xml")));
        var extras = mapping.Draft.Extras;

        Assert.Equal("test Abstract", mapping.Draft.Notes);
        Assert.Equal("""{"type":"Polygon","coordinates":[[[19.37,34.8],[29.61,34.8],[29.61,41.75],[19.37,41.75],[19.37,34.8]]]}""", extras["spatial"]);
        Assert.Equal("view", extras["spatial-data-service-type"]);
        Assert.Equal("""[{"name":"NTUA","roles":["owner","pointOfContact"]}]""", extras["responsible-party"]);
        Assert.Equal("NTUA", mapping.Draft.OrganizationTitle);
        Assert.Equal("tzotsos@gmail.com", extras["contact-email"]);
        Assert.Equal("2011-04-18", extras["temporal-extent-begin"]);
        Assert.Equal("2011-04-20", extras["temporal-extent-end"]);
        Assert.Equal("""[{"type":"creation","value":"2011-04-19"}]""", extras["dataset-reference-date"]);
        Assert.Equal("2011-04-19", extras["date-created"]);
        Assert.Equal("""["Conditions unknown"]""", extras["licence"]);
        Assert.Equal("""["no limitation"]""", extras["access_constraints"]);
        Assert.Equal(["Geographic viewer (humanGeographicViewer)", "administration"], mapping.Draft.Tags.Take(2));
        var resource = Assert.Single(mapping.Draft.Resources);
        Assert.Equal("http://aiolos.survey.ntua.gr/geoserver/wms", resource.Url);
        Assert.Equal("WMS", resource.Format);
    }

    [FixtureFact]
    public void The_pacioos_point_becomes_a_GeoJSON_point_with_its_graphic_overview_and_revision_date()
    {
        var mapping = IsoDatasetMapper.Map(File.ReadAllText(IsoFiles.CswRecord("pacioos-NS06agg.xml")));
        var extras = mapping.Draft.Extras;

        Assert.Equal("""{"type":"Point","coordinates":[158.22402954101562,6.955227375030518]}""", extras["spatial"]);
        Assert.Equal("http://pacioos.org/metadata/browse/NS06agg.png", extras["graphic-preview-file"]);
        Assert.Equal("Sample image.", extras["graphic-preview-description"]);
        Assert.Equal("2014-03-18", extras["date-updated"]);
        Assert.Equal("2011-04-12", extras["date-created"]);
        Assert.Equal("2010-05-07T00:00:00Z", extras["temporal-extent-begin"]);
        Assert.Equal("2014-03-17T23:56:00Z", extras["temporal-extent-end"]);
        Assert.Equal("2014-04-16", extras["metadata-date"]);
        Assert.Equal("eng", extras["metadata-language"]);
        Assert.Equal("University of Hawaii", mapping.Draft.OrganizationTitle);
        Assert.Equal("mamc@hawaii.edu", extras["contact-email"]);
    }

    [FixtureFact]
    public void The_sentinel_scene_maps_its_reference_system_and_mime_type_protocols()
    {
        var mapping = IsoDatasetMapper.Map(File.ReadAllText(IsoFiles.CswRecord("iso_19115-2_Sentinel-2-scene.xml")));

        Assert.Equal("urn:ogc:def:crs:EPSG:4326", mapping.Draft.Extras["spatial-reference-system"]);
        Assert.Equal("2020-09-02T11:39:10.000000Z", mapping.Draft.Extras["metadata-date"]);
        Assert.Equal("continual", mapping.Draft.Extras["frequency-of-update"]);
        Assert.Equal("onGoing", mapping.Draft.Extras["progress"]);
        Assert.Contains(mapping.Draft.Resources, r => r.MediaType == "image/jp2" && r.Format == "JPEG 2000" && r.Name == "granule");
        Assert.All(mapping.Draft.Resources, r => Assert.StartsWith("s3://", r.Url));
    }
}
