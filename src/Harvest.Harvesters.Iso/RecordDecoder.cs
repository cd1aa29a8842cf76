using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// Strict decoding of a fetched record: invalid bytes are an error that names the byte and where it is, never
/// silently replaced (a record half in the wrong encoding would otherwise import with U+FFFD in its text).
/// </summary>
internal static partial class RecordDecoder
{
    private enum EncodingSource { ByteOrderMark, Declaration, Default }

    public static string Decode(ReadOnlySpan<byte> bytes, long maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        // No encoding needs more than four bytes per character, so this many bytes are too many characters.
        if (bytes.Length / 4 > maxCharacters)
            throw TooLarge($"{Count(bytes.Length)} bytes", maxCharacters);

        var (name, source, preambleLength) = Detect(bytes);
        var body = bytes[preambleLength..];
        var text = IsUtf8(name)
            ? DecodeUtf8(body, preambleLength, name, source, bytes)
            : DecodeOther(body, preambleLength, name, source, bytes);
        if (text.Length > maxCharacters)
            throw TooLarge($"{Count(text.Length)} characters long", maxCharacters);
        return text;
    }

    private static (string Name, EncodingSource Source, int PreambleLength) Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return ("UTF-8", EncodingSource.ByteOrderMark, 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return ("UTF-32LE", EncodingSource.ByteOrderMark, 4);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return ("UTF-32BE", EncodingSource.ByteOrderMark, 4);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return ("UTF-16LE", EncodingSource.ByteOrderMark, 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return ("UTF-16BE", EncodingSource.ByteOrderMark, 2);
        // "<?" in UTF-16 without a byte order mark.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x3F, 0x00])) return ("UTF-16LE", EncodingSource.Declaration, 0);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x3C, 0x00, 0x3F])) return ("UTF-16BE", EncodingSource.Declaration, 0);

        var declared = DeclaredEncoding(bytes);
        // A UTF-16 or UTF-32 declaration in a document whose bytes read as ASCII cannot be right; the bytes win.
        if (declared is null || declared.StartsWith("UTF-16", StringComparison.OrdinalIgnoreCase) || declared.StartsWith("UTF-32", StringComparison.OrdinalIgnoreCase))
            return ("UTF-8", EncodingSource.Default, 0);
        return (declared, EncodingSource.Declaration, 0);
    }

    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith("<?xml"u8)) return null;
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        var end = head.IndexOf("?>"u8);
        if (end < 0) return null;
        var match = EncodingAttribute().Match(Encoding.Latin1.GetString(head[..end]));
        return match.Success ? match.Groups[1].Value : null;
    }

    private static bool IsUtf8(string name) =>
        name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("UTF8", StringComparison.OrdinalIgnoreCase);

    private static string DecodeUtf8(ReadOnlySpan<byte> body, int preambleLength, string name, EncodingSource source, ReadOnlySpan<byte> all)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(body.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(body, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.InvalidData)
            {
                var offset = preambleLength + read;
                var hint = all[offset] >= 0x80 ? " (it may have been saved as Windows-1252 or ISO-8859-1)" : "";
                throw Invalid(name, source, offset, all, eightBit: true, hint);
            }
            return new string(buffer, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string DecodeOther(ReadOnlySpan<byte> body, int preambleLength, string name, EncodingSource source, ReadOnlySpan<byte> all)
    {
        var encoding = Resolve(name);
        try
        {
            return encoding.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw Invalid(name, source, preambleLength + Math.Max(e.Index, 0), all, eightBit: encoding.IsSingleByte, "");
        }
    }

    private static Encoding Resolve(string name)
    {
        try
        {
            return name.ToUpperInvariant() switch
            {
                "UTF-16LE" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
                "UTF-16BE" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
                "UTF-32LE" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
                "UTF-32BE" => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
                _ => Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            };
        }
        catch (ArgumentException)
        {
            // Windows code pages are not built in but ship with .NET; asked for directly, not registered globally.
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? throw new IsoRecordException(IsoRecordProblem.UnsupportedEncoding, $"the record declares encoding '{name}', which is not supported");
        }
    }

    private static IsoRecordException Invalid(string name, EncodingSource source, int offset, ReadOnlySpan<byte> all, bool eightBit, string hint)
    {
        var where = eightBit
            ? $"offset {Count(offset)} (line {all[..offset].Count((byte)'\n') + 1})"
            : $"offset {Count(offset)}";
        var claim = source switch
        {
            EncodingSource.ByteOrderMark => $"the record's byte order mark says {name}",
            EncodingSource.Declaration => $"the record declares encoding {name}",
            _ => "the record has no encoding declaration, so it must be UTF-8",
        };
        return new IsoRecordException(IsoRecordProblem.InvalidEncoding,
            $"{claim}, but byte 0x{all[offset]:X2} at {where} is not valid {name}{hint}");
    }

    private static IsoRecordException TooLarge(string size, long maxCharacters) =>
        new(IsoRecordProblem.TooLarge, $"the record is {size}, over the limit of {Count(maxCharacters)} characters");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex("""encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")]
    private static partial Regex EncodingAttribute();
}
