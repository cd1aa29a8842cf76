using System.Xml;
using System.Xml.Linq;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>Records wrapped in CSW responses (csw/responses), read from the loaded response and streamed from a reader.</summary>
public sealed class WrappedRecordTests
{
    private static readonly string[] FirstPage =
    [
        "3e9a8c05",
        "366f6257-19eb-4f20-ba78-0698ac4aae77",
        "75a7eb5e-336e-453d-ab06-209b1070d396",
        "a7308c0a-b748-48e2-bab7-0a608a51d416",
        "0173e0d7-6ea9-4407-b846-f29d6bfa9903",
    ];

    [FixtureFact]
    public void The_five_full_records_of_the_first_GetRecords_page_read_from_the_loaded_response()
    {
        var response = IsoXml.Load(File.ReadAllText(IsoFiles.CswResponse("post_GetRecords-all.xml")), 1_000_000);

        var records = IsoReader.FindRecords(response).Select(e => IsoReader.Read(e)).ToList();

        Assert.Equal(FirstPage, records.Select(r => r.FileIdentifier));
        Assert.Equal(["test Title", "Aerial Photos", "Aerial Photos", "Aerial Photos", "Aerial Photos"], records.Select(r => r.Title));
        Assert.Equal(["service", "dataset", "dataset", "dataset", "dataset"], records.Select(r => r.HierarchyLevel));
        Assert.Equal(new IsoBoundingBox(19.37, 29.61, 34.80, 41.75), records[0].BoundingBoxes[0]);
        Assert.All(records.Skip(1), r => Assert.Equal(new IsoBoundingBox(20, 24, 38, 40), r.BoundingBoxes[0]));
    }

    [FixtureFact]
    public void The_same_records_stream_from_a_reader_one_at_a_time()
    {
        using var stream = File.OpenRead(IsoFiles.CswResponse("post_GetRecords-all.xml"));
        using var reader = XmlReader.Create(stream, IsoXml.ReaderSettings(10_000_000));

        var records = new List<IsoRecord>();
        reader.Read();
        while (!reader.EOF)
        {
            if (IsoReader.IsRecordElement(reader)) records.Add(IsoReader.Read(reader));
            else reader.Read();
        }

        Assert.Equal(FirstPage, records.Select(r => r.FileIdentifier));
        Assert.Equal(["test Title", "Aerial Photos", "Aerial Photos", "Aerial Photos", "Aerial Photos"], records.Select(r => r.Title));
    }

    [FixtureFact]
    public void A_record_taken_out_of_a_response_is_standalone_XML_that_reads_the_same()
    {
        var response = IsoXml.Load(File.ReadAllText(IsoFiles.CswResponse("post_GetRecords-all.xml")), 1_000_000);
        foreach (var element in IsoReader.FindRecords(response))
        {
            // The response declares gco, gml and srv; a record alone must declare them itself.
            var xml = IsoXml.ToStandaloneXml(element);
            var alone = XElement.Parse(xml);
            Assert.Equal("http://www.isotc211.org/2005/gco", alone.GetNamespaceOfPrefix("gco")?.NamespaceName);
            Assert.Equal(IsoReader.Read(element), IsoReader.Read(xml), RecordComparer.Instance);
        }
    }

    [FixtureFact]
    public void A_record_streamed_from_a_reader_keeps_the_namespaces_declared_on_the_response()
    {
        using var stream = File.OpenRead(IsoFiles.CswResponse("post_GetRecords-all.xml"));
        using var reader = XmlReader.Create(stream, IsoXml.ReaderSettings(10_000_000));
        while (reader.Read() && !IsoReader.IsRecordElement(reader)) { }

        var element = IsoXml.ReadElement(reader, 1_000_000);

        // gml is declared on the response and used only inside the record (gml:TimePeriod).
        Assert.Equal("http://www.opengis.net/gml", element.GetNamespaceOfPrefix("gml")?.NamespaceName);
        Assert.Equal("3e9a8c05", IsoReader.Read(element.ToString()).FileIdentifier);
        // The reader was left after the record: the next content is the second record.
        reader.MoveToContent();
        Assert.True(IsoReader.IsRecordElement(reader));
        Assert.Equal("366f6257-19eb-4f20-ba78-0698ac4aae77", IsoReader.Read(reader).FileIdentifier);
    }

    [FixtureFact]
    public void GetRecordById_wraps_one_record()
    {
        var response = IsoXml.Load(File.ReadAllText(IsoFiles.CswResponse("post_GetRecordById-full.xml")), 1_000_000);

        var record = IsoReader.Read(Assert.Single(IsoReader.FindRecords(response)));

        Assert.Equal("de53e931-778a-4792-94ad-9fe507aca483", record.FileIdentifier);
        Assert.Equal("Ortho", record.Title);
    }

    [FixtureFact]
    public void A_Dublin_Core_response_holds_no_ISO_record_and_its_record_is_refused_by_name()
    {
        var response = IsoXml.Load(File.ReadAllText(IsoFiles.CswResponse("post_GetRecordById-full-dc.xml")), 1_000_000);

        Assert.Empty(IsoReader.FindRecords(response));
        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(response.Elements().First()));
        Assert.Equal(IsoRecordProblem.NotIsoRecord, error.Problem);
        Assert.Contains("csw:Record", error.Message);
    }

    [FixtureFact]
    public void The_placeholder_timestamp_of_the_canned_responses_does_not_stop_reading()
    {
        var text = File.ReadAllText(IsoFiles.CswResponse("post_GetRecords-filter-bbox.xml"));
        Assert.Contains("PYCSW_TIMESTAMP", text);

        var response = IsoXml.Load(text, 1_000_000);

        Assert.Equal(FirstPage, IsoReader.FindRecords(response).Select(e => IsoReader.Read(e).FileIdentifier));
    }

    /// <summary>Compares records by value, lists element by element.</summary>
    private sealed class RecordComparer : IEqualityComparer<IsoRecord>
    {
        public static readonly RecordComparer Instance = new();

        public bool Equals(IsoRecord? x, IsoRecord? y) =>
            x is not null && y is not null
            && x.FileIdentifier == y.FileIdentifier && x.Title == y.Title && x.Abstract == y.Abstract
            && x.HierarchyLevel == y.HierarchyLevel && x.DateStamp == y.DateStamp && x.TemporalExtent == y.TemporalExtent
            && x.BoundingBoxes.SequenceEqual(y.BoundingBoxes) && x.Keywords.SequenceEqual(y.Keywords)
            && x.OnlineResources.SequenceEqual(y.OnlineResources) && x.ResponsibleParties.SequenceEqual(y.ResponsibleParties)
            && x.ReferenceDates.SequenceEqual(y.ReferenceDates);

        public int GetHashCode(IsoRecord obj) => obj.FileIdentifier?.GetHashCode() ?? 0;
    }
}
