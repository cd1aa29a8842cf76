using System.Buffers;

namespace Harvest.Engine.Http;

/// <summary>
/// A response body read whole into one array rented from <see cref="ArrayPool{T}.Shared"/>, sized by the length the
/// caller expects (the response's Content-Length, or the size of the caller's previous document), and given back on
/// dispose. <c>JsonDocument.ParseAsync</c> rents a small buffer and doubles it as it reads, handing every size back: on
/// each thread that parsed a CKAN page of 5 MB the shared pool kept a chain of arrays from 128 KB to 8 MB (100 MB in a
/// gather consumer). Reading into an array of one's own instead made a large-object allocation per page, and a gather
/// 20% slower.
/// </summary>
internal sealed class WholeBody : IDisposable
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private byte[]? _array;
    private readonly int _start;

    private WholeBody(byte[] array, int start, int length)
    {
        _array = array;
        _start = start;
        Length = length;
    }

    /// <summary>How many bytes the body had (a UTF-8 byte order mark left out).</summary>
    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _array is null ? throw new ObjectDisposedException(nameof(WholeBody)) : _array.AsMemory(_start, Length);

    public static async Task<WholeBody> ReadAsync(Stream body, long? expectedLength, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(expectedLength is > 0 and < int.MaxValue - 1 ? (int)expectedLength + 1 : 64 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= Array.MaxLength) throw new InvalidDataException($"the document is larger than {Array.MaxLength:N0} bytes");
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0) break;
                filled += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        var bom = buffer.AsSpan(0, filled).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        return new WholeBody(buffer, bom, filled - bom);
    }

    public void Dispose()
    {
        if (_array is { } array) ArrayPool<byte>.Shared.Return(array);
        _array = null;
    }
}
