using System.Text;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Splits Turtle (and so N-Triples) text into tokens, one at a time, as the parser asks.</summary>
internal sealed class TurtleLexer(TextReader reader, RdfFormat format)
{
    private readonly TextCursor _cursor = new(reader);
    private readonly StringBuilder _text = new();
    private bool _started;

    public RdfSyntaxException Error(string reason) => new(format, reason, _cursor.Line, _cursor.Column);

    public TurtleToken Next()
    {
        if (!_started)
        {
            _started = true;
            if (_cursor.Peek() == '\uFEFF') _cursor.Read();
        }
        SkipSpaceAndComments();
        int line = _cursor.Line, column = _cursor.Column;
        var c = _cursor.Peek();
        TurtleTokenKind kind;
        string? prefix = null;
        var quote = '\0';
        _text.Clear();
        switch (c)
        {
            case -1:
                kind = TurtleTokenKind.End;
                break;
            case '<':
                ReadIriRef();
                kind = TurtleTokenKind.IriRef;
                break;
            case '"' or '\'':
                quote = (char)c;
                kind = ReadString(quote);
                break;
            case '@':
                _cursor.Read();
                ReadAtName();
                kind = TurtleTokenKind.AtName;
                break;
            case '_' when _cursor.Peek(1) == ':':
                _cursor.Read();
                _cursor.Read();
                ReadBlankNodeLabel();
                kind = TurtleTokenKind.BlankNodeLabel;
                break;
            case '.' when IsDigit(_cursor.Peek(1)):
            case '+' or '-':
            case >= '0' and <= '9':
                kind = ReadNumber();
                break;
            case '.': kind = Punctuation(TurtleTokenKind.Dot); break;
            case ';': kind = Punctuation(TurtleTokenKind.Semicolon); break;
            case ',': kind = Punctuation(TurtleTokenKind.Comma); break;
            case '[': kind = Punctuation(TurtleTokenKind.OpenBracket); break;
            case ']': kind = Punctuation(TurtleTokenKind.CloseBracket); break;
            case '(': kind = Punctuation(TurtleTokenKind.OpenParen); break;
            case ')': kind = Punctuation(TurtleTokenKind.CloseParen); break;
            case '^':
                _cursor.Read();
                if (_cursor.Peek() != '^') throw Error("expected '^^' before a datatype IRI");
                _cursor.Read();
                _text.Append("^^");
                kind = TurtleTokenKind.DoubleCaret;
                break;
            case ':':
                prefix = "";
                _cursor.Read();
                ReadLocalName();
                kind = TurtleTokenKind.PrefixedName;
                break;
            default:
                if (!IsNameStartChar(c)) throw Error($"unexpected character {Show(c)}");
                ReadPrefixName();
                if (_cursor.Peek() == ':')
                {
                    prefix = _text.ToString();
                    _text.Clear();
                    _cursor.Read();
                    ReadLocalName();
                    kind = TurtleTokenKind.PrefixedName;
                }
                else
                {
                    kind = TurtleTokenKind.Word;
                }
                break;
        }
        return new TurtleToken(kind, _text.ToString(), prefix, quote, line, column, _cursor.Line, _cursor.Column);
    }

    private TurtleTokenKind Punctuation(TurtleTokenKind kind)
    {
        _text.Append((char)_cursor.Read());
        return kind;
    }

    private void SkipSpaceAndComments()
    {
        while (true)
        {
            var c = _cursor.Peek();
            if (c is ' ' or '\t' or '\r' or '\n') _cursor.Read();
            else if (c == '#')
            {
                while (c is not (-1 or '\n' or '\r')) c = _cursor.Read() < 0 ? -1 : _cursor.Peek();
            }
            else return;
        }
    }

    private void ReadIriRef()
    {
        _cursor.Read();
        while (true)
        {
            var c = _cursor.Peek();
            switch (c)
            {
                case '>':
                    _cursor.Read();
                    return;
                case -1:
                    throw Error("the IRI has no closing '>'");
                case '\\':
                    var escaped = ReadEscape(allowCharacterEscapes: false);
                    if (escaped is <= 0x20 or '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                        throw Error($"the escape for {Show(escaped)} is not allowed in an IRI");
                    AppendCodePoint(escaped);
                    break;
                default:
                    if (c <= 0x20 || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
                        throw Error($"{Show(c)} is not allowed in an IRI");
                    _text.Append((char)_cursor.Read());
                    break;
            }
        }
    }

    private TurtleTokenKind ReadString(char quote)
    {
        _cursor.Read();
        var isLong = _cursor.Peek() == quote && _cursor.Peek(1) == quote;
        if (!isLong && _cursor.Peek() == quote)
        {
            _cursor.Read();
            return TurtleTokenKind.String;
        }
        if (isLong)
        {
            _cursor.Read();
            _cursor.Read();
        }
        while (true)
        {
            var c = _cursor.Peek();
            if (c == -1) throw Error(isLong ? "the long string has no closing " + new string(quote, 3) : "the string has no closing " + quote);
            if (c == quote)
            {
                if (!isLong)
                {
                    _cursor.Read();
                    return TurtleTokenKind.String;
                }
                if (_cursor.Peek(1) == quote && _cursor.Peek(2) == quote)
                {
                    _cursor.Read();
                    _cursor.Read();
                    _cursor.Read();
                    return TurtleTokenKind.LongString;
                }
                _text.Append((char)_cursor.Read());
            }
            else if (c == '\\')
            {
                AppendCodePoint(ReadEscape(allowCharacterEscapes: true));
            }
            else if (!isLong && c is '\n' or '\r')
            {
                throw Error("a line break in a string needs \"\"\" quotes or \\n");
            }
            else
            {
                _text.Append((char)_cursor.Read());
            }
        }
    }

    /// <summary>Reads \uXXXX, \UXXXXXXXX and (when allowed) \t \b \n \r \f \" \' \\; returns the code point.</summary>
    private int ReadEscape(bool allowCharacterEscapes)
    {
        _cursor.Read();
        var c = _cursor.Peek();
        switch (c)
        {
            case 'u': _cursor.Read(); return ReadHex(4);
            case 'U': _cursor.Read(); return ReadHex(8);
        }
        if (allowCharacterEscapes)
        {
            int? value = c switch
            {
                't' => '\t',
                'b' => '\b',
                'n' => '\n',
                'r' => '\r',
                'f' => '\f',
                '"' => '"',
                '\'' => '\'',
                '\\' => '\\',
                _ => null,
            };
            if (value is int v)
            {
                _cursor.Read();
                return v;
            }
        }
        throw Error(c < 0 ? "the document ends inside an escape" : $"\\{(char)c} is not a valid escape here");
    }

    private int ReadHex(int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = _cursor.Peek();
            if (!IsHex(c)) throw Error($"expected {digits} hex digits in a \\{(digits == 4 ? 'u' : 'U')} escape");
            _cursor.Read();
            value = value * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        if (value > 0x10FFFF) throw Error($"\\U{value:X8} is not a Unicode code point");
        if (value is >= 0xD800 and <= 0xDFFF) throw Error($"U+{value:X4} is a surrogate, not a character: escape the code point itself with \\U");
        return value;
    }

    private void AppendCodePoint(int codePoint)
    {
        if (codePoint < 0x10000) _text.Append((char)codePoint);
        else _text.Append(char.ConvertFromUtf32(codePoint));
    }

    private void ReadAtName()
    {
        var c = _cursor.Peek();
        if (!char.IsAsciiLetter((char)Math.Max(c, 0)) || c < 0) throw Error("expected a language tag or a directive after '@'");
        while (c >= 0 && char.IsAsciiLetter((char)c))
        {
            _text.Append((char)_cursor.Read());
            c = _cursor.Peek();
        }
        while (c == '-' && _cursor.Peek(1) >= 0 && char.IsAsciiLetterOrDigit((char)_cursor.Peek(1)))
        {
            _text.Append((char)_cursor.Read());
            c = _cursor.Peek();
            while (c >= 0 && char.IsAsciiLetterOrDigit((char)c))
            {
                _text.Append((char)_cursor.Read());
                c = _cursor.Peek();
            }
        }
    }

    private TurtleTokenKind ReadNumber()
    {
        var c = _cursor.Peek();
        if (c is '+' or '-') _text.Append((char)_cursor.Read());
        var integerDigits = ReadDigits();
        var kind = TurtleTokenKind.Integer;
        if (_cursor.Peek() == '.' && IsDigit(_cursor.Peek(1)))
        {
            _text.Append((char)_cursor.Read());
            ReadDigits();
            kind = TurtleTokenKind.Decimal;
        }
        else if (_cursor.Peek() == '.' && integerDigits > 0 && IsExponentAt(1))
        {
            _text.Append((char)_cursor.Read());
        }
        else if (integerDigits == 0)
        {
            throw Error("expected a number");
        }
        if (IsExponentAt(0))
        {
            _text.Append((char)_cursor.Read());
            if (_cursor.Peek() is '+' or '-') _text.Append((char)_cursor.Read());
            ReadDigits();
            kind = TurtleTokenKind.Double;
        }
        return kind;
    }

    private bool IsExponentAt(int ahead)
    {
        if (_cursor.Peek(ahead) is not ('e' or 'E')) return false;
        var next = _cursor.Peek(ahead + 1);
        return IsDigit(next) || (next is '+' or '-' && IsDigit(_cursor.Peek(ahead + 2)));
    }

    private int ReadDigits()
    {
        var count = 0;
        while (IsDigit(_cursor.Peek()))
        {
            _text.Append((char)_cursor.Read());
            count++;
        }
        return count;
    }

    private void ReadPrefixName()
    {
        AppendNameChar();
        while (true)
        {
            var c = _cursor.Peek();
            if (c == '.')
            {
                var dots = CountDots();
                if (!IsNameChar(CodePointAt(dots))) return;
                for (var i = 0; i < dots; i++) _text.Append((char)_cursor.Read());
            }
            else if (IsNameChar(CodePointAt(0))) AppendNameChar();
            else return;
        }
    }

    private void ReadBlankNodeLabel()
    {
        var first = CodePointAt(0);
        if (!(IsNameStartChar(first) || first == '_' || IsDigit(first))) throw Error("expected a blank node label after '_:'");
        AppendNameChar();
        while (true)
        {
            var c = _cursor.Peek();
            if (c == '.')
            {
                var dots = CountDots();
                if (!IsNameChar(CodePointAt(dots))) return;
                for (var i = 0; i < dots; i++) _text.Append((char)_cursor.Read());
            }
            else if (IsNameChar(CodePointAt(0))) AppendNameChar();
            else return;
        }
    }

    private void ReadLocalName()
    {
        var first = true;
        while (true)
        {
            var c = _cursor.Peek();
            if (c == '%')
            {
                if (!IsHex(_cursor.Peek(1)) || !IsHex(_cursor.Peek(2))) throw Error("'%' in a local name must start a %XX escape");
                for (var i = 0; i < 3; i++) _text.Append((char)_cursor.Read());
            }
            else if (c == '\\')
            {
                var escaped = _cursor.Peek(1);
                if (escaped < 0 || "_~.-!$&'()*+,;=/?#@%".IndexOf((char)escaped) < 0)
                    throw Error(escaped < 0 ? "the document ends inside an escape" : $"\\{(char)escaped} is not a valid escape in a local name");
                _cursor.Read();
                _text.Append((char)_cursor.Read());
            }
            else if (c == '.' && !first)
            {
                var dots = CountDots();
                var after = CodePointAt(dots);
                if (!(IsNameChar(after) || after is ':' or '%' or '\\')) return;
                for (var i = 0; i < dots; i++) _text.Append((char)_cursor.Read());
            }
            else
            {
                var cp = CodePointAt(0);
                if (!(IsNameChar(cp) || cp == ':') || (first && cp is '-' or 0xB7 || (first && cp is >= 0x300 and <= 0x36F) || (first && cp is 0x203F or 0x2040)))
                    return;
                AppendNameChar();
            }
            first = false;
        }
    }

    private int CountDots()
    {
        var dots = 0;
        while (_cursor.Peek(dots) == '.') dots++;
        return dots;
    }

    /// <summary>The code point starting <paramref name="ahead"/> characters on (a surrogate pair counts as one), or -1.</summary>
    private int CodePointAt(int ahead)
    {
        var c = _cursor.Peek(ahead);
        if (c >= 0 && char.IsHighSurrogate((char)c))
        {
            var low = _cursor.Peek(ahead + 1);
            if (low >= 0 && char.IsLowSurrogate((char)low)) return char.ConvertToUtf32((char)c, (char)low);
        }
        return c;
    }

    private void AppendNameChar()
    {
        var c = (char)_cursor.Read();
        _text.Append(c);
        if (char.IsHighSurrogate(c)) _text.Append((char)_cursor.Read());
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsHex(int c) => c >= 0 && char.IsAsciiHexDigit((char)c);

    /// <summary>PN_CHARS_BASE of the Turtle grammar.</summary>
    internal static bool IsNameStartChar(int c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z'
            or >= 0xC0 and <= 0xD6 or >= 0xD8 and <= 0xF6 or >= 0xF8 and <= 0x2FF
            or >= 0x370 and <= 0x37D or >= 0x37F and <= 0x1FFF or >= 0x200C and <= 0x200D
            or >= 0x2070 and <= 0x218F or >= 0x2C00 and <= 0x2FEF or >= 0x3001 and <= 0xD7FF
            or >= 0xF900 and <= 0xFDCF or >= 0xFDF0 and <= 0xFFFD or >= 0x10000 and <= 0xEFFFF;

    /// <summary>PN_CHARS of the Turtle grammar.</summary>
    internal static bool IsNameChar(int c) =>
        IsNameStartChar(c) || c is '_' or '-' or >= '0' and <= '9' or 0xB7 or >= 0x300 and <= 0x36F or 0x203F or 0x2040;

    private static string Show(int c) => c switch
    {
        -1 => "the end of the document",
        < 0x20 or 0x7F or >= 0xD800 and <= 0xDFFF => $"U+{c:X4}",
        _ => $"'{char.ConvertFromUtf32(c)}'",
    };
}
