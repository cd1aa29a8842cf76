namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// A document is not valid in its syntax. <see cref="Line"/> and <see cref="Column"/> (1-based) say where,
/// and the message starts with them; either is 0 when unknown.
/// </summary>
public sealed class RdfSyntaxException : RdfParseException
{
    public RdfSyntaxException(RdfFormat format, string reason, int line, int column, Exception? innerException = null)
        : base(Describe(format, reason, line, column), innerException)
    {
        Format = format;
        Reason = reason;
        Line = line;
        Column = column;
    }

    public RdfFormat Format { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }

    private static string Describe(RdfFormat format, string reason, int line, int column)
    {
        var where = line <= 0 ? "" : column <= 0 ? $"line {line}: " : $"line {line}, column {column}: ";
        return $"{where}{RdfFormats.Name(format)} syntax error: {reason}";
    }
}
