namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Reads characters from a <see cref="TextReader"/> through a small buffer, with lookahead and the line and
/// column (1-based, in UTF-16 units) of the next character.
/// </summary>
internal sealed class TextCursor(TextReader reader)
{
    private char[] _buffer = new char[8192];
    private int _position;
    private int _length;
    private bool _atEnd;

    public int Line { get; private set; } = 1;

    public int Column { get; private set; } = 1;

    /// <summary>The character <paramref name="ahead"/> places after the next one, or -1 past the end.</summary>
    public int Peek(int ahead = 0)
    {
        if (_position + ahead >= _length && !_atEnd) Fill(ahead);
        return _position + ahead < _length ? _buffer[_position + ahead] : -1;
    }

    public int Read()
    {
        var c = Peek();
        if (c < 0) return -1;
        _position++;
        if (c == '\n')
        {
            Line++;
            Column = 1;
        }
        else
        {
            Column++;
        }
        return c;
    }

    private void Fill(int ahead)
    {
        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _position = 0;
        }
        while (!_atEnd && _length <= ahead)
        {
            if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = reader.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0) _atEnd = true;
            else _length += read;
        }
    }
}
