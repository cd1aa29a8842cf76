using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// Safe XML loading for metadata records: DTDs are ignored (never fetched, never expanded), no resolver, a
/// character limit per record. A record that breaks a rule is an <see cref="IsoRecordException"/> for that
/// record only.
/// </summary>
public static class IsoXml
{
    /// <summary>
    /// Reader settings for untrusted metadata: DTDs ignored, no resolver, at most <paramref name="maxCharacters"/>
    /// characters. Also right for a whole CSW response, with a limit sized for the page.
    /// </summary>
    public static XmlReaderSettings ReaderSettings(long maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        return new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            // Nothing is expanded with DTDs ignored; a small cap anyway, in case someone changes that.
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
    }

    /// <summary>
    /// Turns a fetched record's bytes into text: the encoding comes from the byte order mark, else the XML
    /// declaration, else UTF-8; a byte that is not valid in that encoding is an error naming it and its offset.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, long maxCharacters) =>
        RecordDecoder.Decode(bytes, maxCharacters);

    /// <summary>Parses one record's text and returns its root element.</summary>
    public static XElement Load(string xml, long maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > maxCharacters) throw TooLarge(xml.Length, maxCharacters);
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings(maxCharacters));
            return XDocument.Load(reader).Root!;
        }
        catch (XmlException e)
        {
            throw Classify(e, xml, maxCharacters);
        }
    }

    /// <summary>
    /// Reads the element the reader is positioned on (a record inside a CSW response, say) into a standalone
    /// element that carries every namespace declaration in scope, and leaves the reader just after it. A
    /// record over <paramref name="maxCharacters"/> is skipped and reported; the reader can go on to the next.
    /// Markup that is not well-formed is reported too, but ends the document: no reader can go on after it.
    /// </summary>
    public static XElement ReadElement(XmlReader reader, long maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.NodeType != XmlNodeType.Element)
            throw new ArgumentException($"the reader must be positioned on an element, not on {reader.NodeType}", nameof(reader));
        var inScope = reader is IXmlNamespaceResolver resolver
            ? resolver.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml)
            : new Dictionary<string, string>();

        var document = new XDocument();
        long count = 0;
        var tooLarge = false;
        try
        {
            using (var subtree = reader.ReadSubtree())
            using (var writer = document.CreateWriter())
            {
                subtree.Read();
                while (!subtree.EOF)
                {
                    count += NodeCharacters(subtree);
                    if (count > maxCharacters)
                    {
                        tooLarge = true;
                        break;
                    }
                    CopyNode(subtree, writer);
                    subtree.Read();
                }
            }
            // Closing the subtree left the reader on the record's end tag (or on the element itself when empty).
            reader.Read();
        }
        catch (XmlException e)
        {
            throw new IsoRecordException(IsoRecordProblem.NotWellFormed, $"the record is not well-formed XML: {e.Message}", e);
        }
        if (tooLarge)
            throw new IsoRecordException(IsoRecordProblem.TooLarge,
                $"the record is longer than the limit of {maxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters");

        var root = document.Root!;
        AddNamespaceDeclarations(root, inScope);
        return root;
    }

    /// <summary>
    /// The element as a standalone XML document: every namespace declared on its ancestors (a CSW response,
    /// say) is declared on it, so prefixes used in attribute values such as <c>xsi:type</c> still resolve.
    /// </summary>
    public static string ToStandaloneXml(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Parent is null) return element.ToString(SaveOptions.DisableFormatting);
        var copy = new XElement(element);
        var inScope = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var ancestor = element.Parent; ancestor is not null; ancestor = ancestor.Parent)
            foreach (var declaration in ancestor.Attributes().Where(a => a.IsNamespaceDeclaration))
                inScope.TryAdd(declaration.Name.Namespace == XNamespace.None ? "" : declaration.Name.LocalName, declaration.Value);
        AddNamespaceDeclarations(copy, inScope);
        return copy.ToString(SaveOptions.DisableFormatting);
    }

    private static void AddNamespaceDeclarations(XElement element, IDictionary<string, string> inScope)
    {
        foreach (var (prefix, uri) in inScope)
        {
            var name = prefix.Length == 0 ? (XName)"xmlns" : XNamespace.Xmlns + prefix;
            if (element.Attribute(name) is null) element.SetAttributeValue(name, uri);
        }
    }

    private static long NodeCharacters(XmlReader reader)
    {
        long count = reader.Name.Length + reader.Value.Length;
        if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
        {
            do count += reader.Name.Length + reader.Value.Length;
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return count;
    }

    private static void CopyNode(XmlReader reader, XmlWriter writer)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                writer.WriteAttributes(reader, defattr: true);
                if (reader.IsEmptyElement) writer.WriteEndElement();
                break;
            case XmlNodeType.EndElement:
                writer.WriteFullEndElement();
                break;
            case XmlNodeType.Text:
                writer.WriteString(reader.Value);
                break;
            case XmlNodeType.CDATA:
                writer.WriteCData(reader.Value);
                break;
            case XmlNodeType.Whitespace:
            case XmlNodeType.SignificantWhitespace:
                writer.WriteWhitespace(reader.Value);
                break;
        }
    }

    private static IsoRecordException TooLarge(long length, long maxCharacters) =>
        new(IsoRecordProblem.TooLarge,
            $"the record is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long, over the limit of {maxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters");

    private static IsoRecordException Classify(XmlException e, string xml, long maxCharacters)
    {
        var prolog = Prolog(xml);
        if (prolog.Contains("<!ENTITY", StringComparison.Ordinal))
            return new IsoRecordException(IsoRecordProblem.EntityReference,
                $"the record declares entities in a DTD; DTDs are ignored and entities are never expanded, so it cannot be read: {e.Message}", e);
        if (HasNoElement(xml, maxCharacters))
            return new IsoRecordException(IsoRecordProblem.NoRootElement,
                "the document has no root element (it is empty, or holds only an XML declaration, comments or whitespace)", e);
        return new IsoRecordException(IsoRecordProblem.NotWellFormed, $"the record is not well-formed XML: {e.Message}", e);
    }

    /// <summary>The DOCTYPE declaration and its internal subset, where entity declarations live; empty when there is none.</summary>
    private static ReadOnlySpan<char> Prolog(string xml)
    {
        var span = xml.AsSpan();
        var doctype = span.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype < 0) return [];
        // An internal subset ends with "]>"; without one, the DOCTYPE ends at the first ">".
        var end = span[doctype..].IndexOf("]>", StringComparison.Ordinal);
        return end < 0 ? span[doctype..] : span.Slice(doctype, end);
    }

    /// <summary>Whether the text, read leniently as a fragment, holds no element at all.</summary>
    private static bool HasNoElement(string xml, long maxCharacters)
    {
        var settings = ReaderSettings(maxCharacters);
        settings.ConformanceLevel = ConformanceLevel.Fragment;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
                if (reader.NodeType == XmlNodeType.Element) return false;
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
