namespace Harvest.Harvesters.Dcat.Rdf;

internal enum TurtleTokenKind
{
    End,
    IriRef,
    PrefixedName,
    BlankNodeLabel,
    String,
    LongString,
    AtName,
    Integer,
    Decimal,
    Double,
    Word,
    Dot,
    Semicolon,
    Comma,
    OpenBracket,
    CloseBracket,
    OpenParen,
    CloseParen,
    DoubleCaret,
}

/// <summary>
/// One Turtle / N-Triples token. <see cref="Text"/> is the unescaped value: the IRI, the local name, the label,
/// the string, the name after '@', the number or the word; <see cref="Prefix"/> is a prefixed name's prefix.
/// </summary>
internal readonly record struct TurtleToken(
    TurtleTokenKind Kind,
    string Text,
    string? Prefix,
    char Quote,
    int Line,
    int Column,
    int EndLine,
    int EndColumn)
{
    public string Describe() => Kind switch
    {
        TurtleTokenKind.End => "the end of the document",
        TurtleTokenKind.IriRef => "<" + Text + ">",
        TurtleTokenKind.PrefixedName => Prefix + ":" + Text,
        TurtleTokenKind.BlankNodeLabel => "_:" + Text,
        TurtleTokenKind.String or TurtleTokenKind.LongString => "a string",
        TurtleTokenKind.AtName => "@" + Text,
        TurtleTokenKind.Integer or TurtleTokenKind.Decimal or TurtleTokenKind.Double => "the number " + Text,
        TurtleTokenKind.Word => "'" + Text + "'",
        TurtleTokenKind.DoubleCaret => "'^^'",
        _ => "'" + Text + "'",
    };
}
