using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Harvest.Engine.Json;

/// <summary>
/// Writes a long JSON string value in segments, unescaping its source text a slice at a time: the writer's output is the
/// same as writing the whole value at once, without an unescaped copy of the value nor a buffer for all of it escaped.
/// </summary>
internal static class SegmentedString
{
    /// <summary>String values at least this long (in source bytes) are written in segments.</summary>
    public const int MinBytes = 64 * 1024;
    private const int SegmentBytes = 16 * 1024;

    public static bool IsLong(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(element).Length >= MinBytes;

    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"') raw = raw[1..^1];
        var chunk = ArrayPool<byte>.Shared.Rent(SegmentBytes + 8);
        try
        {
            var n = 0;
            while (!raw.IsEmpty)
            {
                var escape = raw.IndexOf((byte)'\\');
                var run = escape < 0 ? raw : raw[..escape];
                while (!run.IsEmpty)
                {
                    var take = Math.Min(run.Length, SegmentBytes - n);
                    run[..take].CopyTo(chunk.AsSpan(n));
                    n += take;
                    run = run[take..];
                    if (n >= SegmentBytes) n = Emit(writer, chunk, n);
                }
                if (escape < 0) break;
                raw = raw[escape..];
                raw = raw[Unescape(raw, chunk.AsSpan(n), out var written)..];
                n += written;
                if (n >= SegmentBytes) n = Emit(writer, chunk, n);
            }
            writer.WriteStringValueSegment(chunk.AsSpan(0, n), isFinalSegment: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Writes the chunk up to its last whole UTF-8 sequence; moves the incomplete rest to the front and returns its length.</summary>
    private static int Emit(Utf8JsonWriter writer, byte[] chunk, int length)
    {
        var whole = WholeLength(chunk.AsSpan(0, length));
        writer.WriteStringValueSegment(chunk.AsSpan(0, whole), isFinalSegment: false);
        chunk.AsSpan(whole, length - whole).CopyTo(chunk);
        return length - whole;
    }

    private static int WholeLength(ReadOnlySpan<byte> bytes)
    {
        var lead = bytes.Length - 1;
        while (lead > 0 && bytes.Length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) lead--;
        var b = bytes[lead];
        var needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed > bytes.Length ? lead : bytes.Length;
    }

    /// <summary>Decodes the escape sequence at the start of <paramref name="source"/> into UTF-8; returns the source bytes it used.</summary>
    private static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 1;
        switch (source[1])
        {
            case (byte)'n': destination[0] = (byte)'\n'; return 2;
            case (byte)'t': destination[0] = (byte)'\t'; return 2;
            case (byte)'r': destination[0] = (byte)'\r'; return 2;
            case (byte)'b': destination[0] = (byte)'\b'; return 2;
            case (byte)'f': destination[0] = (byte)'\f'; return 2;
            case (byte)'u': break;
            default: destination[0] = source[1]; return 2; // \" \\ \/: the reader let no other escape through
        }
        var unit = Hex(source.Slice(2, 4));
        var used = 6;
        int scalar = unit;
        if (char.IsHighSurrogate((char)unit) && source.Length >= 12 && source[6] == (byte)'\\' && source[7] == (byte)'u'
            && char.IsLowSurrogate((char)Hex(source.Slice(8, 4))))
        {
            scalar = char.ConvertToUtf32((char)unit, (char)Hex(source.Slice(8, 4)));
            used = 12;
        }
        else if (char.IsSurrogate((char)unit))
        {
            throw new InvalidOperationException($"Cannot read invalid UTF-16 JSON text as string: a lone surrogate escape \\u{unit:x4}");
        }
        written = new Rune(scalar).EncodeToUtf8(destination);
        return used;
    }

    private static int Hex(ReadOnlySpan<byte> digits) =>
        System.Buffers.Text.Utf8Parser.TryParse(digits, out ushort value, out _, 'X') ? value : throw new FormatException("a \\u escape without four hex digits");
}
