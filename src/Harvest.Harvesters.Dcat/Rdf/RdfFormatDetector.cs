using System.Text;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Tells which RDF syntax a document is in: from its Content-Type, its file name, or its first bytes.</summary>
public static class RdfFormatDetector
{
    /// <summary>How many bytes <see cref="Sniff"/> wants to look at.</summary>
    public const int SniffLength = 1024;

    /// <summary>
    /// The format a Content-Type names (parameters such as charset are ignored), or null when it names none
    /// (text/plain, application/octet-stream, text/html...). application/json and other +json types are taken as
    /// JSON-LD, application/xml and text/xml as RDF/XML.
    /// </summary>
    public static RdfFormat? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/turtle" or "application/x-turtle" or "application/turtle" or "text/n3" or "text/rdf+n3" => RdfFormat.Turtle,
            "application/n-triples" or "text/n-triples" => RdfFormat.NTriples,
            "application/rdf+xml" or "application/xml" or "text/xml" => RdfFormat.RdfXml,
            "application/ld+json" or "application/json" or "text/json" => RdfFormat.JsonLd,
            _ when mediaType.EndsWith("+json", StringComparison.Ordinal) => RdfFormat.JsonLd,
            _ => null,
        };
    }

    /// <summary>The format a file name's extension stands for (.ttl, .nt, .rdf, .owl, .xml, .jsonld, .json), or null.</summary>
    public static RdfFormat? FromFileName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".ttl" or ".turtle" => RdfFormat.Turtle,
        ".nt" or ".ntriples" => RdfFormat.NTriples,
        ".rdf" or ".owl" or ".xml" => RdfFormat.RdfXml,
        ".jsonld" or ".json" => RdfFormat.JsonLd,
        _ => null,
    };

    /// <summary>
    /// Guesses the format from the first bytes of a document (UTF-8, a byte order mark is skipped): XML markup is
    /// RDF/XML, '{' or a JSON array is JSON-LD, and directives, IRIs, prefixed names, blank nodes and comments are
    /// Turtle (which also reads N-Triples). Null when nothing fits, e.g. HTML.
    /// </summary>
    public static RdfFormat? Sniff(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head).TrimStart();
        if (text.Length == 0) return null;
        switch (text[0])
        {
            case '{':
                return RdfFormat.JsonLd;
            case '[':
                var inside = text[1..].TrimStart();
                return inside.Length == 0 || inside[0] is '{' or ']' or '"' ? RdfFormat.JsonLd : RdfFormat.Turtle;
            case '<':
                return LooksLikeXml(text) ? RdfFormat.RdfXml : RdfFormat.Turtle;
            case '@' or '#' or '_' or ':' or '(':
                return RdfFormat.Turtle;
        }
        if (text.StartsWith("PREFIX", StringComparison.OrdinalIgnoreCase) || text.StartsWith("BASE", StringComparison.OrdinalIgnoreCase))
            return RdfFormat.Turtle;
        // A prefixed name such as dcat:Catalog or ex:a.
        var colon = text.IndexOf(':');
        if (colon > 0 && TurtleLexer.IsNameStartChar(text[0]) && text[..colon].All(c => TurtleLexer.IsNameChar(c) || c == '.'))
            return RdfFormat.Turtle;
        return null;
    }

    /// <summary>Sniffs a stream without consuming it: the stream must be seekable, or be wrapped first.</summary>
    public static RdfFormat? Sniff(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("the stream must be seekable to be sniffed; read its first bytes and call Sniff(ReadOnlySpan<byte>)", nameof(stream));
        var start = stream.Position;
        var buffer = new byte[SniffLength];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
        stream.Position = start;
        return Sniff(buffer.AsSpan(0, read));
    }

    /// <summary>The Content-Type's format when it names one, else the file name's, else the sniffed one.</summary>
    public static RdfFormat? Detect(string? contentType, string? fileName, ReadOnlySpan<byte> head) =>
        FromContentType(contentType) ?? FromFileName(fileName) ?? Sniff(head);

    private static bool LooksLikeXml(string text)
    {
        if (text.StartsWith("<?xml", StringComparison.Ordinal) || text.StartsWith("<!--", StringComparison.Ordinal)
            || text.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            return true;
        // <rdf:RDF xmlns:...> is a start tag; <http://...>, <#me> or <ex:a> (a prefixed root element would need its
        // xmlns attribute) is a Turtle IRI.
        var i = 1;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('>' or '/')) i++;
        var name = text[1..i];
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        if (name.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':')) || name.Count(c => c == ':') > 1) return false;
        if (i < text.Length && text[i] == '/' && (i + 1 >= text.Length || text[i + 1] != '>')) return false;
        var closedAtOnce = i < text.Length && text[i] == '>';
        return !(closedAtOnce && name.Contains(':'));
    }
}
