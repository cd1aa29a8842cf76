using System.Diagnostics;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using static Harvest.Harvesters.Iso.Tests.Support.IsoXmlBuilder;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>Records written to attack the reader: DTDs that fetch, entities that expand, records too big to hold.</summary>
public sealed class HostileRecordTests
{
    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        """;

    private static Task<LoopbackServer> DtdServerAsync() =>
        LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/xml-dtd";
            return context.Response.WriteAsync("""<!ENTITY remote "fetched from the network">""");
        });

    /// <summary>Proves the server counts requests, so that a count of zero means nothing was asked.</summary>
    private static async Task AssertServerCountsAsync(LoopbackServer server)
    {
        using var client = new HttpClient();
        await client.GetStringAsync(server.BaseUrl + "/control");
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_record_naming_an_external_DTD_reads_normally_and_asks_nothing_of_the_network()
    {
        await using var server = await DtdServerAsync();
        var xml = Record(title: "Behind a DTD", prolog: $"""<?xml version="1.0"?><!DOCTYPE gmd:MD_Metadata SYSTEM "{server.BaseUrl}/iso19139.dtd">""");

        Assert.Equal("Behind a DTD", IsoReader.Read(xml).Title);
        Assert.Equal("Behind a DTD", IsoReader.Read(Encoding.UTF8.GetBytes(xml)).Title);
        using (var reader = XmlReader.Create(new StringReader(xml), IsoXml.ReaderSettings(1_000_000)))
        {
            reader.MoveToContent();
            Assert.Equal("Behind a DTD", IsoReader.Read(reader).Title);
        }

        Assert.Equal(0, server.RequestCount);
        await AssertServerCountsAsync(server);
    }

    [Fact]
    public async Task A_parameter_entity_pulling_a_remote_DTD_is_never_fetched()
    {
        await using var server = await DtdServerAsync();
        var xml = Record(title: "Quiet", prolog: $"""<!DOCTYPE r [<!ENTITY % remote SYSTEM "{server.BaseUrl}/evil.dtd"> %remote;]>""");

        Assert.Equal("Quiet", IsoReader.Read(xml).Title);
        Assert.Equal(0, server.RequestCount);
        await AssertServerCountsAsync(server);
    }

    [Fact]
    public async Task An_external_entity_is_an_error_and_is_never_fetched()
    {
        await using var server = await DtdServerAsync();
        var xml = Record(title: "&xxe;", prolog: $"""<!DOCTYPE r [<!ENTITY xxe SYSTEM "{server.BaseUrl}/secret">]>""");

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.EntityReference, error.Problem);
        Assert.Contains("entities are never expanded", error.Message);
        Assert.Contains("'xxe'", error.Message);
        Assert.Equal(0, server.RequestCount);
        await AssertServerCountsAsync(server);
    }

    [Fact]
    public void An_external_entity_naming_a_local_file_is_an_error_that_reveals_nothing()
    {
        var xml = Record(title: "&passwd;", prolog: """<!DOCTYPE r [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>""");

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.EntityReference, error.Problem);
        Assert.DoesNotContain("root:", error.Message);
    }

    [Fact]
    public void An_internal_entity_is_an_error_not_expanded_text()
    {
        var xml = Record(title: "&name;", prolog: """<!DOCTYPE r [<!ENTITY name "Injected title">]>""");

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.EntityReference, error.Problem);
        Assert.DoesNotContain("Injected title", error.Message);
    }

    [Fact]
    public void Billion_laughs_is_an_error_for_that_record_quickly()
    {
        var xml = Record(title: "&lol9;", prolog: BillionLaughs);
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(Encoding.UTF8.GetBytes(xml)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(IsoRecordProblem.EntityReference, error.Problem);
        Assert.Contains("'lol9'", error.Message);
    }

    [Fact]
    public void A_hostile_record_among_good_ones_costs_only_itself()
    {
        string[] records = [Record(id: "a"), Record(id: "b", title: "&lol9;", prolog: BillionLaughs), Record(id: "c")];
        var read = new List<string?>();
        var errors = new List<IsoRecordProblem>();

        foreach (var xml in records)
        {
            try { read.Add(IsoReader.Read(xml).FileIdentifier); }
            catch (IsoRecordException e) { errors.Add(e.Problem); }
        }

        Assert.Equal(["a", "c"], read);
        Assert.Equal([IsoRecordProblem.EntityReference], errors);
    }

    [Fact]
    public void A_record_with_5000_keywords_is_an_error_naming_the_count()
    {
        var xml = Record(keywords: Enumerable.Range(1, 5000).Select(i => $"keyword {i}"));

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.TooManyKeywords, error.Problem);
        Assert.Equal("the record has 5,000 keywords, over the limit of 1,000", error.Message);
        Assert.Equal(5000, IsoReader.Read(xml, new IsoReadOptions { MaxKeywords = 5000 }).Keywords.Count);
    }

    [Fact]
    public void A_record_with_more_online_resources_than_the_limit_is_an_error_naming_the_count()
    {
        var xml = Record(distribution: Distribution(Enumerable.Range(1, 1001).Select(i => OnlineResource($"https://example.org/{i}.csv"))));

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.TooManyResources, error.Problem);
        Assert.Equal("the record has 1,001 online resources, over the limit of 1,000", error.Message);
        Assert.Equal(1001, IsoReader.Read(xml, new IsoReadOptions { MaxResources = 2000 }).OnlineResources.Count);
    }

    [Fact]
    public void A_record_over_the_size_limit_is_an_error_as_text_and_as_bytes()
    {
        var xml = Record(title: new string('x', 60_000));
        var options = new IsoReadOptions { MaxCharacters = 50_000 };

        var fromText = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml, options));
        var fromBytes = Assert.Throws<IsoRecordException>(() => IsoReader.Read(Encoding.UTF8.GetBytes(xml), options));

        Assert.Equal(IsoRecordProblem.TooLarge, fromText.Problem);
        Assert.Equal(IsoRecordProblem.TooLarge, fromBytes.Problem);
        Assert.Contains("over the limit of 50,000 characters", fromText.Message);
        Assert.Contains("over the limit of 50,000 characters", fromBytes.Message);
        Assert.Equal(60_000, IsoReader.Read(xml).Title!.Length);
    }

    [Fact]
    public void Megabytes_of_bytes_are_refused_before_they_are_decoded()
    {
        var bytes = new byte[5_000_000];
        Array.Fill(bytes, (byte)' ');

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(bytes, new IsoReadOptions { MaxCharacters = 1_000_000 }));

        Assert.Equal(IsoRecordProblem.TooLarge, error.Problem);
        Assert.Equal("the record is 5,000,000 bytes, over the limit of 1,000,000 characters", error.Message);
    }

    [Fact]
    public void In_a_wrapped_response_a_record_over_the_limit_is_skipped_and_the_next_one_reads()
    {
        var response = $"""
            <csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" {Namespaces}><csw:SearchResults>
            {Body(Record(id: "first"))}{Body(Record(id: "huge", title: new string('x', 60_000)))}{Body(Record(id: "last"))}
            </csw:SearchResults></csw:GetRecordsResponse>
            """;
        var options = new IsoReadOptions { MaxCharacters = 50_000 };
        using var reader = XmlReader.Create(new StringReader(response), IsoXml.ReaderSettings(10_000_000));

        var read = new List<string?>();
        var errors = new List<IsoRecordException>();
        reader.Read();
        while (!reader.EOF)
        {
            if (!IsoReader.IsRecordElement(reader))
            {
                reader.Read();
                continue;
            }
            try { read.Add(IsoReader.Read(reader, options).FileIdentifier); }
            catch (IsoRecordException e) { errors.Add(e); }
        }

        Assert.Equal(["first", "last"], read);
        Assert.Equal(IsoRecordProblem.TooLarge, Assert.Single(errors).Problem);

        // The namespaces are declared on the response: a record alone does not repeat them.
        static string Body(string record) => record.Replace(Namespaces, "");
    }

    [Fact]
    public void Text_that_is_not_XML_is_an_error_saying_where()
    {
        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read("<html><body><p>Not Found</body></html>"));

        Assert.Equal(IsoRecordProblem.NotWellFormed, error.Problem);
        Assert.Contains("Line 1", error.Message);
    }

    [Fact]
    public void An_HTML_page_that_happens_to_be_well_formed_is_not_an_ISO_record()
    {
        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read("<html><body><p>Not Found</p></body></html>"));

        Assert.Equal(IsoRecordProblem.NotIsoRecord, error.Problem);
        Assert.Equal("the root element is html, not gmd:MD_Metadata or gmi:MI_Metadata", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")]
    [InlineData("<!-- nothing here -->")]
    public void A_document_without_a_root_element_is_an_error_saying_so(string xml)
    {
        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(xml));

        Assert.Equal(IsoRecordProblem.NoRootElement, error.Problem);
    }
}
