using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Harvest.Engine.Json;

/// <summary>
/// A long JSON string value unescaped a slice at a time: written in segments (the writer's output is the same as writing
/// the whole value at once, without an unescaped copy of the value nor a buffer for all of it escaped), or read into a
/// string without the pooled buffer of its whole UTF-8 that <see cref="JsonElement.GetString"/> borrows (and the pool keeps).
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
        var chunk = ArrayPool<byte>.Shared.Rent(SegmentBytes + 8);
        try
        {
            var segments = new Segments(Source(element), chunk);
            while (segments.Next(out var segment, out var isFinal)) writer.WriteStringValueSegment(segment, isFinal);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// The value as a string, as <see cref="JsonElement.GetString"/> gives it, or as its <see cref="string.Trim()"/> gives it
    /// (without the whole copy that trimming makes): a first pass finds its length, a second decodes it into the string.
    /// </summary>
    public static string Read(JsonElement element, bool trim)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(SegmentBytes + 8);
        var chars = ArrayPool<char>.Shared.Rent(SegmentBytes + 8);
        try
        {
            long total = 0, first = -1, end = 0; // the text from its first to after its last character that is not white space
            var counting = new Segments(Source(element), chunk);
            while (counting.Next(out var segment, out _))
            {
                var decoded = chars.AsSpan(0, Encoding.UTF8.GetChars(segment, chars));
                if (trim)
                {
                    if (first < 0 && IndexOfText(decoded) is var at and >= 0) first = total + at;
                    if (LastIndexOfText(decoded) is var last and >= 0) end = total + last + 1;
                }
                total += decoded.Length;
            }
            var (from, length) = !trim ? (0, total) : first < 0 ? (0, 0) : (first, end - first);
            if (length == 0) return "";
            return string.Create(checked((int)length), (element, chunk, chars, from), static (text, state) =>
            {
                var position = 0L;
                var decoding = new Segments(Source(state.element), state.chunk);
                while (!text.IsEmpty && decoding.Next(out var segment, out _))
                {
                    var decoded = state.chars.AsSpan(0, Encoding.UTF8.GetChars(segment, state.chars));
                    var skip = (int)Math.Clamp(state.from - position, 0, decoded.Length);
                    var take = Math.Min(decoded.Length - skip, text.Length);
                    decoded.Slice(skip, take).CopyTo(text);
                    text = text[take..];
                    position += decoded.Length;
                }
            });
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static int IndexOfText(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    private static int LastIndexOfText(ReadOnlySpan<char> text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
            if (!char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    /// <summary>The value's source text between its quotes.</summary>
    private static ReadOnlySpan<byte> Source(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"' ? raw[1..^1] : raw;
    }

    /// <summary>
    /// The unescaped UTF-8 of a value's source text in segments of about <see cref="SegmentBytes"/>, each ending on a whole
    /// UTF-8 sequence; the segment lives in the chunk until the next call.
    /// </summary>
    private ref struct Segments(ReadOnlySpan<byte> source, byte[] chunk)
    {
        private ReadOnlySpan<byte> _source = source;
        private int _plain; // bytes at the start of _source known to hold no escape
        private int _length; // bytes in the chunk
        private int _emitted; // of which the last segment took these
        private bool _done;

        public bool Next(out ReadOnlySpan<byte> segment, out bool isFinal)
        {
            segment = default;
            isFinal = true;
            if (_done) return false;
            // What the last segment left (an incomplete UTF-8 sequence) moves to the front.
            chunk.AsSpan(_emitted, _length - _emitted).CopyTo(chunk);
            _length -= _emitted;
            while (_length < SegmentBytes && !_source.IsEmpty)
            {
                if (_plain == 0 && _source[0] == (byte)'\\')
                {
                    _source = _source[Unescape(_source, chunk.AsSpan(_length), out var written)..];
                    _length += written;
                    continue;
                }
                if (_plain == 0)
                {
                    var escape = _source.IndexOf((byte)'\\');
                    _plain = escape < 0 ? _source.Length : escape;
                }
                var take = Math.Min(_plain, SegmentBytes - _length);
                _source[..take].CopyTo(chunk.AsSpan(_length));
                _length += take;
                _plain -= take;
                _source = _source[take..];
            }
            if (_source.IsEmpty)
            {
                _done = true;
                segment = chunk.AsSpan(0, _length);
                return true;
            }
            _emitted = WholeLength(chunk.AsSpan(0, _length));
            segment = chunk.AsSpan(0, _emitted);
            isFinal = false;
            return true;
        }
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
