using System.Globalization;
using Harvest.Engine.Http;

namespace Harvest.Harvesters.Csw;

/// <summary>Records of one range of positions, with what the server said about the listing.</summary>
/// <param name="Entries">The records, in order.</param>
/// <param name="Matched">numberOfRecordsMatched, when a response gave it.</param>
/// <param name="NextRecord">nextRecord as the server gave it (0: the listing ends), or, for a range read in parts, the position after the range.</param>
internal sealed record CswRange(IReadOnlyList<CswEntry> Entries, int? Matched, int? NextRecord);

/// <summary>
/// Talks to one CSW endpoint through the shared HTTP client: GetRecords pages (a page that cannot be read is asked for
/// again in halves, down to single records, so that only an unreadable record is lost) and GetRecordById.
/// </summary>
internal sealed class CswClient(HarvestContext context, Uri endpoint, CswConfig config)
{
    private readonly HttpCallOptions _options = config.Iso.CallOptions(context, CswRequests.Accept);

    /// <summary>How many GetRecords requests this client sent, for the log.</summary>
    public int Requests { get; private set; }

    public async Task<CswRange> ReadRangeAsync(int start, int count, CancellationToken cancellationToken)
    {
        try
        {
            var page = await ReadPageAsync(start, count, cancellationToken);
            return new CswRange(page.Entries, page.Matched, page.NextRecord);
        }
        catch (CswUnreadableException e)
        {
            if (count == 1)
                return new CswRange([new CswEntry(null, null, null, $"the record at position {start} of the listing could not be read: {e.Message}", Lost: true)],
                    null, start + 1);
            context.Log?.Warning($"{Describe(start, count)} could not be read ({e.Message}); asking for it in smaller pages");
        }
        var half = count / 2;
        var first = await ReadRangeAsync(start, half, cancellationToken);
        if (first.NextRecord == 0) return first;
        var second = await ReadRangeAsync(start + half, count - half, cancellationToken);
        return new CswRange([.. first.Entries, .. second.Entries], second.Matched ?? first.Matched, second.NextRecord == 0 ? 0 : start + count);
    }

    /// <summary>The ISO record of this id, as standalone XML.</summary>
    public async Task<string> GetRecordByIdAsync(string id, CancellationToken cancellationToken)
    {
        var request = $"POST {endpoint} (GetRecordById {id})";
        using var response = await context.Documents.Http.PostResponseAsync(endpoint, CswRequests.GetRecordById(id), CswRequests.MediaType, _options, cancellationToken);
        await using var body = await context.Documents.Http.OpenBodyAsync(response, endpoint, cancellationToken);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var record = CswResponses.ReadRecord(buffer, request, config.Iso.ReadOptions)
            ?? throw new HarvestException($"{request}: the response holds no ISO 19139 record");
        var found = IsoReader.Identify(record).FileIdentifier;
        if (found != id)
            throw new HarvestException($"{request}: the response holds record '{found ?? "(no fileIdentifier)"}', not '{id}'");
        return IsoXml.ToStandaloneXml(record);
    }

    private async Task<CswPage> ReadPageAsync(int start, int count, CancellationToken cancellationToken)
    {
        Requests++;
        var request = $"POST {endpoint} ({Describe(start, count)})";
        using var response = await context.Documents.Http.PostResponseAsync(
            endpoint, CswRequests.GetRecords(start, count, config), CswRequests.MediaType, _options, cancellationToken);
        using var buffer = new MemoryStream();
        try
        {
            await using var body = await context.Documents.Http.OpenBodyAsync(response, endpoint, cancellationToken);
            await body.CopyToAsync(buffer, cancellationToken);
        }
        catch (RemoteDocumentException e)
        {
            // A body cut off or too large: a smaller page may get through.
            throw new CswUnreadableException(e.Message, e);
        }
        buffer.Position = 0;
        return CswResponses.ReadGetRecords(buffer, request, config.Iso.ReadOptions);
    }

    private static string Describe(int start, int count) =>
        $"GetRecords startPosition={start.ToString(CultureInfo.InvariantCulture)} maxRecords={count.ToString(CultureInfo.InvariantCulture)}";
}
