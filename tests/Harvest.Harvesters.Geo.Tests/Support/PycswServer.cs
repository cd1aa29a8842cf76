using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Harvest.Harvesters.Geo.Tests.Support;

/// <summary>A GetRecords request as the test server read it.</summary>
public sealed record CswRequest(string Operation, int StartPosition, int MaxRecords, string? OutputSchema, string? ElementSetName,
    string? ResultType, XElement? Constraint, string? Id, DateTimeOffset Received);

/// <summary>
/// A CSW 2.0.2 server on 127.0.0.1 that answers POSTed GetRecords and GetRecordById as pycsw does, from a list of
/// records: pages hold maxRecords records from startPosition, with numberOfRecordsMatched, numberOfRecordsReturned and
/// nextRecord (0 on the last page), and pycsw's placeholders (<c>PYCSW_VERSION</c>, <c>PYCSW_TIMESTAMP</c>). With the
/// fixture catalogue, a request for startPosition 1 and maxRecords 5 gets the canned pycsw response itself. The
/// properties make it misbehave the ways real servers do.
/// </summary>
public sealed class PycswServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentQueue<CswRequest> _requests = new();

    private PycswServer(LoopbackServer server, List<CswTestRecord> records, string? cannedFirstPage)
    {
        _server = server;
        Records = records;
        CannedFirstPage = cannedFirstPage;
    }

    public string Url => _server.BaseUrl + "/csw";
    public List<CswTestRecord> Records { get; }
    public IReadOnlyList<CswRequest> Requests => _requests.ToList();
    public IEnumerable<CswRequest> GetRecordsRequests => _requests.Where(r => r.Operation == "GetRecords");
    private string? CannedFirstPage { get; }

    /// <summary>Serves every page from the first record, whatever startPosition asks.</summary>
    public bool IgnoreStartPosition { get; set; }
    /// <summary>The nextRecord to send instead of the right one, given (startPosition, returned).</summary>
    public Func<int, int, int>? NextRecord { get; set; }
    /// <summary>Any page holding the record at this position (1-based) is cut off in the middle of that record.</summary>
    public int? TruncateRecordAt { get; set; }
    /// <summary>Answers HTTP 500 to GetRecords for this startPosition.</summary>
    public int? FailStartPosition { get; set; }
    /// <summary>Sends brief records (fileIdentifier and title) with elementSet="brief": full ones only by GetRecordById.</summary>
    public bool BriefOnly { get; set; }
    /// <summary>Answers this many GetRecords requests with HTTP 503 before answering normally.</summary>
    public int TransientFailures { get; set; }
    /// <summary>Put between the XML declaration and the root of every GetRecords response (a DOCTYPE, say).</summary>
    public string? Prolog { get; set; }

    public static async Task<PycswServer> StartAsync(IEnumerable<CswTestRecord> records, bool cannedFirstPage = false)
    {
        PycswServer? csw = null;
        var server = await LoopbackServer.StartAsync(context => csw!.HandleAsync(context));
        csw = new PycswServer(server, records.ToList(), cannedFirstPage ? File.ReadAllText(IsoFiles.CswResponse(CswCatalog.FirstPageResponse)) : null);
        return csw;
    }

    /// <summary>The 18 records of the pycsw fixtures, page 1 (startPosition 1, maxRecords 5) canned.</summary>
    public static Task<PycswServer> StartPycswAsync() => StartAsync(CswCatalog.Pycsw(), cannedFirstPage: true);

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.Request.Path != "/csw")
        {
            context.Response.StatusCode = 405;
            return;
        }
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var root = XDocument.Parse(body).Root!;
        XNamespace csw = "http://www.opengis.net/cat/csw/2.0.2";
        var request = new CswRequest(
            root.Name.LocalName,
            Int(root.Attribute("startPosition")?.Value) ?? 1,
            Int(root.Attribute("maxRecords")?.Value) ?? 10,
            root.Attribute("outputSchema")?.Value,
            root.Descendants(csw + "ElementSetName").FirstOrDefault()?.Value,
            root.Attribute("resultType")?.Value,
            root.Descendants(csw + "Constraint").FirstOrDefault(),
            root.Element(csw + "Id")?.Value,
            DateTimeOffset.UtcNow);
        _requests.Enqueue(request);

        context.Response.ContentType = "application/xml; charset=UTF-8";
        if (request.Operation == "GetRecordById")
        {
            var record = Records.FirstOrDefault(r => r.Id == request.Id);
            await context.Response.WriteAsync(Envelope("GetRecordByIdResponse", "", record?.Xml ?? ""));
            return;
        }
        if (request.Operation == "GetRecords" && TransientFailures > 0)
        {
            TransientFailures--;
            context.Response.StatusCode = 503;
            return;
        }
        if (FailStartPosition == request.StartPosition)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("Internal Server Error");
            return;
        }
        if (CannedFirstPage is not null && request is { StartPosition: 1, MaxRecords: 5 } && !BriefOnly && TruncateRecordAt is null)
        {
            await context.Response.WriteAsync(CannedFirstPage);
            return;
        }
        await context.Response.WriteAsync(Page(request));
    }

    private string Page(CswRequest request)
    {
        var from = IgnoreStartPosition ? 1 : Math.Max(1, request.StartPosition);
        var page = Records.Skip(from - 1).Take(request.MaxRecords).ToList();
        var last = from - 1 + page.Count;
        var next = NextRecord?.Invoke(request.StartPosition, page.Count) ?? (last >= Records.Count ? 0 : last + 1);
        var results = new StringBuilder();
        results.Append(CultureInfo.InvariantCulture,
            $"""  <csw:SearchResults numberOfRecordsMatched="{Records.Count}" numberOfRecordsReturned="{page.Count}" nextRecord="{next}" recordSchema="http://www.isotc211.org/2005/gmd" elementSet="{(BriefOnly ? "brief" : "full")}">""");
        string? cutRecord = null;
        foreach (var (record, position) in page.Select((r, i) => (r, from + i)))
        {
            var xml = BriefOnly ? Brief(record) : record.Xml;
            if (TruncateRecordAt == position) cutRecord = xml;
            results.Append('\n').Append(xml);
        }
        results.Append("\n  </csw:SearchResults>");
        var document = Envelope("GetRecordsResponse", "\n  <csw:SearchStatus timestamp=\"PYCSW_TIMESTAMP\"/>\n", results.ToString());
        return cutRecord is null ? document : document[..(document.IndexOf(cutRecord, StringComparison.Ordinal) + cutRecord.Length / 2)];
    }

    private string Envelope(string root, string status, string content) =>
        $"""
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>{Prolog}
        <!-- PYCSW_VERSION -->
        <csw:{root} xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gml="http://www.opengis.net/gml" xmlns:gml32="http://www.opengis.net/gml/3.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:srv="http://www.isotc211.org/2005/srv" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:gmi="http://www.isotc211.org/2005/gmi" xmlns:xlink="http://www.w3.org/1999/xlink" version="2.0.2">{status}{content}
        </csw:{root}>
        """;

    /// <summary>What pycsw's brief element set keeps: the identifier and the title.</summary>
    private static string Brief(CswTestRecord record)
    {
        var full = XElement.Parse(WithNamespaces(record.Xml));
        XNamespace gmd = "http://www.isotc211.org/2005/gmd";
        var title = full.Descendants(gmd + "title").First().Elements().First().Value;
        return $"""<gmd:MD_Metadata><gmd:fileIdentifier><gco:CharacterString>{record.Id}</gco:CharacterString></gmd:fileIdentifier><gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>{System.Security.SecurityElement.Escape(title)}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation></gmd:MD_DataIdentification></gmd:identificationInfo></gmd:MD_Metadata>""";
    }

    /// <summary>A record's XML parsed alone: the envelope's namespaces declared on a wrapper.</summary>
    private static string WithNamespaces(string xml) =>
        XElement.Parse($"""<w xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmi="http://www.isotc211.org/2005/gmi" xmlns:srv="http://www.isotc211.org/2005/srv" xmlns:gml="http://www.opengis.net/gml" xmlns:gml32="http://www.opengis.net/gml/3.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:xlink="http://www.w3.org/1999/xlink">{xml}</w>""")
            .Elements().First().ToString();

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
