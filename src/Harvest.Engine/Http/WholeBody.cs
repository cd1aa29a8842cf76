namespace Harvest.Engine.Http;

/// <summary>
/// A response body read whole into an array of its own, for a document parsed whole. Not into a buffer rented from
/// ArrayPool&lt;byte&gt;.Shared, as <c>JsonDocument.ParseAsync</c> does, doubling it as it reads: the shared pool keeps
/// every size it is handed back on every thread that returned one, about 100 MB in a consumer that parsed CKAN pages
/// of 5 MB.
/// </summary>
internal static class WholeBody
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The body's bytes (a UTF-8 byte order mark left out); <paramref name="expectedLength"/> sizes the array when given.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(Stream body, long? expectedLength, CancellationToken cancellationToken)
    {
        var buffer = new byte[expectedLength is > 0 and < int.MaxValue - 1 ? (int)expectedLength + 1 : 64 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length == Array.MaxLength) throw new InvalidDataException($"the document is larger than {Array.MaxLength:N0} bytes");
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, Array.MaxLength));
            }
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        var bytes = buffer.AsMemory(0, filled);
        return bytes.Span.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
    }
}
