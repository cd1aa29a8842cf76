using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Harvest.Harvesters.Csw;

/// <summary>What one GetRecords response held: the counts the server gives and its records, in order.</summary>
internal sealed record CswPage(int Matched, int? Returned, int? NextRecord, string? ElementSet, IReadOnlyList<CswEntry> Entries);

/// <summary>
/// One record of a page. <see cref="Content"/> is the record as standalone ISO XML, or null when the server sent a brief
/// or Dublin Core record that must be fetched whole with GetRecordById. <see cref="Problem"/> says why a record cannot
/// be harvested; <see cref="Lost"/> marks one that could not even be named.
/// </summary>
internal sealed record CswEntry(string? Guid, string? Title, string? Content, string? Problem = null, bool Lost = false);

/// <summary>A response that cannot be read as XML (truncated, broken): asking for fewer records may get past it.</summary>
internal sealed class CswUnreadableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads CSW 2.0.2 responses safely (no DTD, no resolver, a size cap per record); never parses SearchStatus.</summary>
internal static class CswResponses
{
    private static readonly XNamespace Csw = CswRequests.Csw;
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private const string Ows = "http://www.opengis.net/ows";

    /// <summary>
    /// Reads a GetRecords response. XML that breaks inside the search results (a page cut off, a broken record) is a
    /// <see cref="CswUnreadableException"/>: fewer records may get through. A response that is not a GetRecords response
    /// at all (an HTML error page, a server exception) is a <see cref="HarvestException"/>: asking again would not help.
    /// </summary>
    public static CswPage ReadGetRecords(Stream body, string request, IsoReadOptions options)
    {
        var inResults = false;
        try
        {
            using var reader = XmlReader.Create(body, IsoXml.ReaderSettings(long.MaxValue));
            reader.MoveToContent();
            ThrowOnException(reader, request);
            if (reader.LocalName != "GetRecordsResponse" || reader.NamespaceURI != Csw.NamespaceName)
                throw new HarvestException($"{request}: the response is {reader.Name}, not a csw:GetRecordsResponse");
            while (reader.Read() && !(reader.NodeType == XmlNodeType.Element && reader.LocalName == "SearchResults" && reader.NamespaceURI == Csw.NamespaceName))
            {
            }
            if (reader.EOF) throw new HarvestException($"{request}: the response has no csw:SearchResults");
            inResults = true;
            var matched = Count(reader, "numberOfRecordsMatched")
                ?? throw new HarvestException($"{request}: csw:SearchResults has no numberOfRecordsMatched, so the listing cannot be paged");
            var page = new CswPage(matched, Count(reader, "numberOfRecordsReturned"), Count(reader, "nextRecord"), reader.GetAttribute("elementSet"), []);
            var brief = page.ElementSet is { } set && !set.Equals("full", StringComparison.OrdinalIgnoreCase);
            var entries = ReadEntries(reader, brief, options);
            while (reader.Read())
            {
                // The rest of the document must be well-formed too: a cut anywhere means the page is not to be trusted.
            }
            return page with { Entries = entries };
        }
        catch (XmlException e) when (inResults)
        {
            throw new CswUnreadableException($"the response is not well-formed XML: {e.Message}", e);
        }
        catch (XmlException e)
        {
            throw new HarvestException($"{request}: the response is not a CSW GetRecords response: {e.Message}", e);
        }
    }

    /// <summary>The first ISO record of a GetRecordById response (or of a bare record), as standalone XML; null when there is none.</summary>
    public static XElement? ReadRecord(Stream body, string request, IsoReadOptions options)
    {
        try
        {
            using var reader = XmlReader.Create(body, IsoXml.ReaderSettings(long.MaxValue));
            reader.MoveToContent();
            ThrowOnException(reader, request);
            do
            {
                if (IsoReader.IsRecordElement(reader)) return IsoXml.ReadElement(reader, options.MaxCharacters);
            }
            while (reader.Read());
            return null;
        }
        catch (XmlException e)
        {
            throw new HarvestException($"{request}: the response is not well-formed XML: {e.Message}", e);
        }
        catch (IsoRecordException e)
        {
            throw new HarvestException($"{request}: {e.Message}", e);
        }
    }

    private static List<CswEntry> ReadEntries(XmlReader reader, bool brief, IsoReadOptions options)
    {
        var entries = new List<CswEntry>();
        if (reader.IsEmptyElement) return entries;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            var position = entries.Count + 1;
            if (IsoReader.IsRecordElement(reader))
            {
                XElement record;
                try
                {
                    record = IsoXml.ReadElement(reader, options.MaxCharacters);
                }
                catch (IsoRecordException e) when (e.Problem == IsoRecordProblem.TooLarge)
                {
                    entries.Add(new CswEntry(null, null, null, $"record #{position} of the page: {e.Message}", Lost: true));
                    continue;
                }
                catch (IsoRecordException e)
                {
                    throw new CswUnreadableException(e.Message, e);
                }
                var identity = IsoReader.Identify(record);
                entries.Add(new CswEntry(identity.FileIdentifier, identity.Title, brief ? null : IsoXml.ToStandaloneXml(record),
                    identity.FileIdentifier is null ? $"record #{position} of the page has no fileIdentifier" : null));
                continue;
            }
            var other = (XElement)XNode.ReadFrom(reader);
            if (other.Name.Namespace == Csw && other.Name.LocalName is "Record" or "BriefRecord" or "SummaryRecord")
            {
                // Dublin Core instead of ISO: the server ignored outputSchema; the ISO record is asked for by id.
                var id = NonEmpty(other.Element(Dc + "identifier")?.Value);
                entries.Add(new CswEntry(id, NonEmpty(other.Element(Dc + "title")?.Value), null,
                    id is null ? $"record #{position} of the page ({other.Name.LocalName}) has no dc:identifier" : null));
            }
            else
            {
                entries.Add(new CswEntry(null, null, null, $"record #{position} of the page is {other.Name.LocalName} ({other.Name.NamespaceName}), not an ISO 19139 record"));
            }
        }
        return entries;
    }

    private static void ThrowOnException(XmlReader reader, string request)
    {
        if (reader.LocalName != "ExceptionReport" || !reader.NamespaceURI.StartsWith(Ows, StringComparison.Ordinal)) return;
        var report = (XElement)XNode.ReadFrom(reader);
        var exceptions = report.Elements().Where(e => e.Name.LocalName == "Exception").Select(e =>
        {
            var code = e.Attribute("exceptionCode")?.Value;
            var locator = e.Attribute("locator")?.Value;
            var text = string.Join(" ", e.Elements().Where(t => t.Name.LocalName == "ExceptionText").Select(t => t.Value.Trim()));
            return string.Join(": ", new[] { code, locator, text }.Where(p => !string.IsNullOrWhiteSpace(p)));
        }).ToList();
        throw new HarvestException($"{request}: the CSW server answered with an exception: {(exceptions.Count == 0 ? "(no text)" : string.Join("; ", exceptions))}");
    }

    private static int? Count(XmlReader reader, string attribute) =>
        int.TryParse(reader.GetAttribute(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
