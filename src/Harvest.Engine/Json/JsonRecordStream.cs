using System.Text.Json;

namespace Harvest.Engine.Json;

/// <summary>One element of a streamed JSON array: its raw UTF-8 bytes, its index and the line it starts on.</summary>
public sealed record JsonRecord(int Index, int Line, ReadOnlyMemory<byte> Utf8);

/// <summary>
/// Reads the elements of one array inside a JSON document without loading the document:
/// either the document's top-level array or the array under a named top-level property.
/// Memory is bounded by the largest single element, not by the document.
/// </summary>
public sealed class JsonRecordStream
{
    private readonly Stream _stream;
    private readonly string _arrayProperty;
    private readonly long _maxBytes;
    private readonly string _documentName;
    /// <summary>The largest single element (a record, or blank space between records) the stream holds by default: 1 GiB.</summary>
    public const int DefaultMaxRecordBytes = 1 << 30;

    private const int InitialBufferBytes = 64 * 1024;
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _bytesRead;
    private long _lineAtStart = 1;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    private readonly int _maxRecordBytes;

    public JsonRecordStream(Stream stream, string arrayProperty, long maxBytes, string documentName, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        _maxRecordBytes = maxRecordBytes;
        _stream = stream;
        _arrayProperty = arrayProperty;
        _maxBytes = maxBytes;
        _documentName = documentName;
    }

    /// <summary>Yields each element of the array, then reads the rest of the document to make sure it is well formed.</summary>
    public async IAsyncEnumerable<JsonRecord> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A stream may hand out fewer bytes than a byte order mark at first: read until there are three or the end.
        do await FillAsync(cancellationToken);
        while (_end - _start < 3 && !_endOfStream);
        SkipByteOrderMark();

        var first = await NextTokenAsync(cancellationToken);
        if (first == JsonTokenType.StartObject)
        {
            _inObject = true;
            while (true)
            {
                var token = await NextTokenAsync(cancellationToken);
                if (token == JsonTokenType.EndObject)
                    throw new JsonDocumentFormatException(
                        $"{_documentName} is not a data catalog: it is a JSON object without a '{_arrayProperty}' array");
                var name = _lastString!;
                var valueToken = await NextTokenAsync(cancellationToken);
                if (name == _arrayProperty)
                {
                    if (valueToken != JsonTokenType.StartArray)
                        throw new JsonDocumentFormatException(
                            $"{_documentName} is not a data catalog: '{_arrayProperty}' is {Describe(valueToken)}, not an array");
                    break;
                }
                if (valueToken is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    await SkipOpenValueAsync(cancellationToken);
            }
        }
        else if (first != JsonTokenType.StartArray)
        {
            throw new JsonDocumentFormatException(
                $"{_documentName} is not a data catalog: it is {Describe(first)}, not an object with a '{_arrayProperty}' array or an array of records");
        }

        var index = 0;
        while (true)
        {
            var element = await NextElementAsync(cancellationToken);
            if (element is null) break;
            yield return new JsonRecord(index++, element.Value.Line, element.Value.Bytes);
        }
        await ReadToEndAsync(cancellationToken);
    }

    private string? _lastString;
    private bool _inObject;

    private async ValueTask<JsonTokenType> NextTokenAsync(CancellationToken cancellationToken)
    {
        var retryAt = 0;
        while (true)
        {
            if (ShouldRetry(retryAt))
            {
                if (TryReadToken(out var token)) return token;
                retryAt = RetryAt();
            }
            await MoreAsync(cancellationToken);
        }
    }

    // A token or element that is not complete in the buffer is parsed again only once the buffered bytes have
    // doubled (or the stream has ended): a large element arriving in small reads is not rescanned after every read.
    private bool ShouldRetry(int retryAt) => _endOfStream || _end - _start >= retryAt;

    private int RetryAt() => 2 * (_end - _start);

    private bool TryReadToken(out JsonTokenType token)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _endOfStream, _state);
        token = JsonTokenType.None;
        try
        {
            if (!reader.Read())
            {
                if (_endOfStream) throw Truncated();
                return false;
            }
            token = reader.TokenType;
            _lastString = token == JsonTokenType.PropertyName ? reader.GetString() : null;
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
        Consume(reader);
        return true;
    }

    private async ValueTask SkipOpenValueAsync(CancellationToken cancellationToken)
    {
        // The start token was consumed; skip until the matching end token at the same depth.
        var depth = 1;
        while (depth > 0)
        {
            var token = await NextTokenAsync(cancellationToken);
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
        }
    }

    private async ValueTask<(int Line, ReadOnlyMemory<byte> Bytes)?> NextElementAsync(CancellationToken cancellationToken)
    {
        var retryAt = 0;
        while (true)
        {
            if (ShouldRetry(retryAt))
            {
                var outcome = TryReadElement(out var line, out var bytes);
                if (outcome == ElementOutcome.EndOfArray) return null;
                if (outcome == ElementOutcome.Read) return (line, bytes);
                retryAt = RetryAt();
            }
            await MoreAsync(cancellationToken);
        }
    }

    private enum ElementOutcome { Read, EndOfArray, NeedMore }

    private ElementOutcome TryReadElement(out int line, out ReadOnlyMemory<byte> bytes)
    {
        line = 0;
        bytes = default;
        var span = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(span, _endOfStream, _state);
        try
        {
            if (!reader.Read())
            {
                if (_endOfStream) throw Truncated();
                return ElementOutcome.NeedMore;
            }
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Consume(reader);
                return ElementOutcome.EndOfArray;
            }
            var elementStart = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                if (_endOfStream) throw Truncated();
                return ElementOutcome.NeedMore;
            }
            var elementEnd = (int)reader.BytesConsumed;
            line = (int)(_lineAtStart + span[..elementStart].Count((byte)'\n'));
            bytes = elementEnd - elementStart >= HandOverBytes
                ? _buffer.AsMemory(_start + elementStart, elementEnd - elementStart)
                : span[elementStart..elementEnd].ToArray();
            // The reader does not check the UTF-8 inside strings; a catalog saved in another encoding would
            // otherwise fail later, when a string is read, without naming the document or the line.
            if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
                throw new JsonDocumentFormatException(
                    $"{_documentName} is not valid JSON: the record at line {line} is not UTF-8 text (is the document saved in another encoding?)");
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
        Consume(reader);
        if (bytes.Length >= HandOverBytes) HandOverBuffer();
        return ElementOutcome.Read;
    }

    /// <summary>An element at least this large is not copied out of the buffer: the buffer goes with it.</summary>
    private const int HandOverBytes = 1 << 20;

    /// <summary>
    /// The buffer now belongs to the element just read; what follows it moves to a new buffer of ordinary size. A huge record
    /// then costs one buffer, not that buffer kept for the rest of the document plus a copy.
    /// </summary>
    private void HandOverBuffer()
    {
        var rest = _end - _start;
        var next = new byte[Math.Max(InitialBufferBytes, rest)];
        Buffer.BlockCopy(_buffer, _start, next, 0, rest);
        _buffer = next;
        _start = 0;
        _end = rest;
    }

    private async ValueTask ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _endOfStream, _state);
            try
            {
                while (reader.Read())
                {
                    // A second array of records under the same name: reading only the first would be half a catalog.
                    if (_inObject && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(_arrayProperty))
                        throw new JsonDocumentFormatException(
                            $"{_documentName} is not a valid catalog: it has a second '{_arrayProperty}' key at line " +
                            $"{_lineAtStart + _buffer.AsSpan(_start, (int)reader.TokenStartIndex).Count((byte)'\n')} (which of them holds the records?)");
                }
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            Consume(reader);
            if (_endOfStream)
            {
                if (reader.CurrentDepth != 0) throw Truncated();
                return;
            }
            await MoreAsync(cancellationToken);
        }
    }

    private void Consume(Utf8JsonReader reader)
    {
        var consumed = (int)reader.BytesConsumed;
        _lineAtStart += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
    }

    private void SkipByteOrderMark()
    {
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            _start += 3;
    }

    private async ValueTask MoreAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream) throw Truncated();
        await FillAsync(cancellationToken);
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // One element larger than the buffer: grow it, within the document cap and the largest record accepted.
            if (_buffer.Length >= _maxRecordBytes)
                throw new JsonDocumentFormatException(
                    $"{_documentName}: the record (or run of blank space) that starts at line {_lineAtStart} is larger than {_maxRecordBytes / (double)(1 << 20):0.##} MiB, " +
                    "more than any record can be");
            var bigger = new byte[Math.Min((long)_buffer.Length * 2, _maxRecordBytes)];
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            _buffer = bigger;
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }
        _end += read;
        _bytesRead += read;
        if (_bytesRead > _maxBytes)
            throw new JsonDocumentFormatException(
                $"{_documentName} is larger than the size cap of {_maxBytes:N0} bytes (setting max_document_bytes)");
    }

    private JsonDocumentFormatException Truncated() =>
        new($"{_documentName} is not valid JSON: it ends before the document is complete (line {_lineAtStart})");

    private JsonDocumentFormatException Malformed(JsonException e) =>
        new($"{_documentName} is not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}

/// <summary>A document that is not valid JSON or not of the expected shape.</summary>
public sealed class JsonDocumentFormatException(string message) : HarvestException(message);
