using System.Text;
using System.Xml;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// RDF/XML (https://www.w3.org/TR/rdf-syntax-grammar/) over an <see cref="XmlReader"/>, streaming triples as
/// elements are read. XML safety: a DOCTYPE is skipped, never processed (<see cref="DtdProcessing.Ignore"/>,
/// no <see cref="XmlResolver"/>), so no DTD, external entity or anything else is ever loaded, and entities
/// declared in a DTD are not expanded: a document that uses one fails as a syntax error.
/// </summary>
public sealed class RdfXmlParser(RdfParserOptions? options = null) : IRdfParser
{
    private const string RdfNs = RdfVocab.Namespace;
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNs = "http://www.w3.org/2000/xmlns/";

    private readonly RdfParserOptions _options = options ?? RdfParserOptions.Default;

    public RdfFormat Format => RdfFormat.RdfXml;

    /// <summary>The reader settings: no DTD processing, no resolver, no entity expansion.</summary>
    internal static XmlReaderSettings SafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = false,
    };

    public void Parse(Stream input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        using var reader = XmlReader.Create(input, SafeSettings());
        new Run(reader, sink, _options).Document();
    }

    public void Parse(TextReader input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        using var reader = XmlReader.Create(input, SafeSettings());
        new Run(reader, sink, _options).Document();
    }

    private sealed class Run(XmlReader reader, ITripleSink sink, RdfParserOptions options)
    {
        private readonly BlankNodeScope _blankNodes = new(options.BlankNodePrefix);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly IXmlLineInfo? _lines = reader as IXmlLineInfo;
        private int _depth;

        /// <summary>The attributes of one element that RDF/XML gives a meaning to.</summary>
        private sealed class Attributes
        {
            public string? Id, About, NodeId, Resource, ParseType, Datatype, Type;
            public readonly List<(Iri Predicate, string Value)> Properties = [];

            public bool HasObjectAttributes => Resource is not null || NodeId is not null || Type is not null || Properties.Count > 0;
        }

        public void Document()
        {
            try
            {
                reader.MoveToContent();
                if (reader.NodeType != XmlNodeType.Element) throw Error("the document has no root element");
                if (IsRdf("RDF"))
                {
                    var baseIri = XmlBase(options.BaseIri);
                    if (!reader.IsEmptyElement)
                    {
                        while (NextChildElement()) NodeElement(baseIri);
                    }
                }
                else
                {
                    NodeElement(options.BaseIri);
                }
            }
            catch (XmlException e)
            {
                // The reader's message ends with the position, which the exception already gives.
                var reason = System.Text.RegularExpressions.Regex.Replace(e.Message, @"\s*Line \d+, position \d+\.\s*$", "");
                if (reason.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase))
                    reason += " (DTDs are not processed, so entities declared in a DOCTYPE are never expanded)";
                throw new RdfSyntaxException(RdfFormat.RdfXml, reason, e.LineNumber, e.LinePosition, e);
            }
        }

        private RdfTerm NodeElement(string? baseIri)
        {
            Nest();
            var uri = ElementIri();
            if (uri.StartsWith(RdfNs, StringComparison.Ordinal) && !IsNodeElementName(uri[RdfNs.Length..]))
                throw Error($"rdf:{reader.LocalName} cannot be a node element");
            baseIri = XmlBase(baseIri);
            var language = reader.XmlLang;
            var attributes = ReadAttributes(nodeElement: true);
            if ((attributes.Id is null ? 0 : 1) + (attributes.About is null ? 0 : 1) + (attributes.NodeId is null ? 0 : 1) > 1)
                throw Error("a node element has at most one of rdf:about, rdf:ID and rdf:nodeID");

            RdfTerm subject = attributes.About is not null ? new Iri(IriResolver.Resolve(baseIri, attributes.About))
                : attributes.Id is not null ? new Iri(IdIri(baseIri, attributes.Id))
                : attributes.NodeId is not null ? _blankNodes.ForLabel(CheckNodeId(attributes.NodeId))
                : _blankNodes.Fresh();
            if (uri != RdfNs + "Description") Emit(subject, RdfVocab.Type, new Iri(uri));
            if (attributes.Type is not null) Emit(subject, RdfVocab.Type, new Iri(IriResolver.Resolve(baseIri, attributes.Type)));
            foreach (var (predicate, value) in attributes.Properties) Emit(subject, predicate, PlainLiteral(value, language));

            if (!reader.IsEmptyElement)
            {
                var li = 1;
                while (NextChildElement()) PropertyElement(subject, ref li, baseIri);
            }
            _depth--;
            return subject;
        }

        private void PropertyElement(RdfTerm subject, ref int li, string? baseIri)
        {
            Nest();
            var uri = ElementIri();
            if (uri == RdfNs + "li") uri = RdfNs + "_" + li++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            else if (uri.StartsWith(RdfNs, StringComparison.Ordinal) && !IsPropertyElementName(uri[RdfNs.Length..]))
                throw Error($"rdf:{reader.LocalName} cannot be a property element");
            var predicate = new Iri(uri);
            baseIri = XmlBase(baseIri);
            var language = reader.XmlLang;
            var attributes = ReadAttributes(nodeElement: false);
            var reified = attributes.Id is null ? null : new Iri(IdIri(baseIri, attributes.Id));
            if (attributes.Resource is not null && attributes.NodeId is not null)
                throw Error("a property element has rdf:resource or rdf:nodeID, not both");

            if (attributes.ParseType is not null)
            {
                if (attributes.HasObjectAttributes || attributes.Datatype is not null)
                    throw Error("rdf:parseType excludes rdf:resource, rdf:nodeID, rdf:datatype and property attributes");
                switch (attributes.ParseType)
                {
                    case "Resource":
                        var node = _blankNodes.Fresh();
                        Emit(subject, predicate, node, reified);
                        if (!reader.IsEmptyElement)
                        {
                            var innerLi = 1;
                            while (NextChildElement()) PropertyElement(node, ref innerLi, baseIri);
                        }
                        break;
                    case "Collection":
                        RdfTerm? head = null;
                        BlankNode? cell = null;
                        if (!reader.IsEmptyElement)
                        {
                            while (NextChildElement())
                            {
                                var item = NodeElement(baseIri);
                                var next = _blankNodes.Fresh();
                                if (cell is null) head = next;
                                else Emit(cell, RdfVocab.Rest, next);
                                Emit(next, RdfVocab.First, item);
                                cell = next;
                            }
                        }
                        if (cell is not null) Emit(cell, RdfVocab.Rest, RdfVocab.Nil);
                        Emit(subject, predicate, head ?? RdfVocab.Nil, reified);
                        break;
                    default:
                        // "Literal", and any other value, which the grammar reads as "Literal".
                        Emit(subject, predicate, new Literal(reader.IsEmptyElement ? "" : XmlLiteral(), RdfVocab.XmlLiteral), reified);
                        break;
                }
            }
            else if (reader.IsEmptyElement)
            {
                EmptyProperty(subject, predicate, attributes, language, baseIri, reified);
            }
            else
            {
                var text = new StringBuilder();
                var done = false;
                while (!done && reader.Read())
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                            text.Append(reader.Value);
                            break;
                        case XmlNodeType.Element:
                            if (!string.IsNullOrWhiteSpace(text.ToString()))
                                throw Error("a property element holds either text or one node element, not both");
                            if (attributes.HasObjectAttributes || attributes.Datatype is not null)
                                throw Error("a property element with a node element inside cannot have rdf:resource, rdf:nodeID, rdf:datatype or property attributes");
                            var @object = NodeElement(baseIri);
                            if (NextChildElement()) throw Error("a property element holds one node element at most (use rdf:parseType=\"Collection\" for a list)");
                            Emit(subject, predicate, @object, reified);
                            done = true;
                            break;
                        case XmlNodeType.EndElement:
                            if (attributes.HasObjectAttributes && string.IsNullOrWhiteSpace(text.ToString()))
                                EmptyProperty(subject, predicate, attributes, language, baseIri, reified);
                            else if (attributes.HasObjectAttributes)
                                throw Error("a property element with rdf:resource, rdf:nodeID or property attributes cannot hold text");
                            else
                                Emit(subject, predicate, TextLiteral(text.ToString(), attributes.Datatype, language, baseIri), reified);
                            done = true;
                            break;
                        case XmlNodeType.EntityReference:
                            throw Error($"the entity &{reader.Name}; is not expanded (DTDs are not processed)");
                    }
                }
                if (!done) throw Error("the document ends inside a property element");
            }
            _depth--;
        }

        private void EmptyProperty(RdfTerm subject, Iri predicate, Attributes attributes, string language, string? baseIri, Iri? reified)
        {
            if (!attributes.HasObjectAttributes)
            {
                Emit(subject, predicate, TextLiteral("", attributes.Datatype, language, baseIri), reified);
                return;
            }
            if (attributes.Datatype is not null) throw Error("rdf:datatype is only for a property element that holds text");
            RdfTerm @object = attributes.Resource is not null ? new Iri(IriResolver.Resolve(baseIri, attributes.Resource))
                : attributes.NodeId is not null ? _blankNodes.ForLabel(CheckNodeId(attributes.NodeId))
                : _blankNodes.Fresh();
            Emit(subject, predicate, @object, reified);
            if (attributes.Type is not null) Emit(@object, RdfVocab.Type, new Iri(IriResolver.Resolve(baseIri, attributes.Type)));
            foreach (var (property, value) in attributes.Properties) Emit(@object, property, PlainLiteral(value, language));
        }

        private static Literal TextLiteral(string text, string? datatype, string language, string? baseIri)
        {
            if (datatype is not null) return new Literal(text, new Iri(IriResolver.Resolve(baseIri, datatype)));
            return PlainLiteral(text, language);
        }

        private static Literal PlainLiteral(string text, string language) =>
            language.Length == 0 ? new Literal(text) : Literal.LanguageTagged(text, language);

        /// <summary>
        /// The content of a parseType="Literal" element as XML text, close to exclusive canonical XML (end tags are
        /// never collapsed, namespaces are declared where used); leaves the reader on the element's end tag.
        /// </summary>
        private string XmlLiteral()
        {
            var text = new StringBuilder();
            using (var subtree = reader.ReadSubtree())
            {
                subtree.Read();
                using var writer = XmlWriter.Create(text, new XmlWriterSettings
                {
                    ConformanceLevel = ConformanceLevel.Fragment,
                    OmitXmlDeclaration = true,
                    NewLineHandling = NewLineHandling.None,
                });
                while (subtree.Read() && subtree.Depth > 0)
                {
                    switch (subtree.NodeType)
                    {
                        case XmlNodeType.Element:
                            var empty = subtree.IsEmptyElement;
                            writer.WriteStartElement(subtree.Prefix, subtree.LocalName, subtree.NamespaceURI);
                            writer.WriteAttributes(subtree, defattr: true);
                            if (empty) writer.WriteFullEndElement();
                            break;
                        case XmlNodeType.EndElement:
                            writer.WriteFullEndElement();
                            break;
                        case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA:
                            writer.WriteString(subtree.Value);
                            break;
                        case XmlNodeType.EntityReference:
                            throw Error($"the entity &{subtree.Name}; is not expanded (DTDs are not processed)");
                    }
                }
            }
            return text.ToString();
        }

        /// <summary>Reads the current element's attributes, leaving the reader on the element.</summary>
        private Attributes ReadAttributes(bool nodeElement)
        {
            var result = new Attributes();
            if (!reader.MoveToFirstAttribute()) return result;
            do
            {
                var ns = reader.NamespaceURI;
                var local = reader.LocalName;
                if (ns == XmlnsNs || ns == XmlNs || local.StartsWith("xml", StringComparison.OrdinalIgnoreCase) && ns.Length == 0) continue;
                if (ns.Length == 0)
                {
                    // Unqualified attributes: only the old spellings of a few RDF ones mean anything.
                    if (local is not ("about" or "ID" or "resource" or "parseType" or "type")) continue;
                    ns = RdfNs;
                }
                var value = reader.Value;
                if (ns == RdfNs)
                {
                    switch (local)
                    {
                        case "ID": result.Id = CheckId(value); continue;
                        case "type": result.Type = value; continue;
                        case "about" when nodeElement: result.About = value; continue;
                        case "nodeID": result.NodeId = value; continue;
                        case "resource" when !nodeElement: result.Resource = value; continue;
                        case "parseType" when !nodeElement: result.ParseType = value; continue;
                        case "datatype" when !nodeElement: result.Datatype = value; continue;
                        case "about" or "resource" or "parseType" or "datatype" or "li" or "RDF" or "Description":
                            throw Error($"rdf:{local} is not allowed as an attribute here");
                        case "aboutEach" or "aboutEachPrefix" or "bagID":
                            throw Error($"rdf:{local} is no longer part of RDF");
                    }
                }
                result.Properties.Add((new Iri(ns + local), value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
            return result;
        }

        /// <summary>Moves to the next child element of the current element; false at its end tag. Text other than white space is an error.</summary>
        private bool NextChildElement()
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        return true;
                    case XmlNodeType.EndElement:
                        return false;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (!string.IsNullOrWhiteSpace(reader.Value)) throw TextError("text is not allowed here, only elements", reader.Value);
                        break;
                    case XmlNodeType.EntityReference:
                        throw Error($"the entity &{reader.Name}; is not expanded (DTDs are not processed)");
                }
            }
            throw Error("the document ends inside an element");
        }

        private string XmlBase(string? baseIri)
        {
            var value = reader.GetAttribute("base", XmlNs);
            return value is null ? baseIri ?? "" : IriResolver.Resolve(baseIri, value);
        }

        private string ElementIri()
        {
            if (reader.NamespaceURI.Length == 0) throw Error($"the element <{reader.Name}> has no namespace, so it names no IRI");
            return reader.NamespaceURI + reader.LocalName;
        }

        private bool IsRdf(string localName) => reader.NamespaceURI == RdfNs && reader.LocalName == localName;

        private static bool IsNodeElementName(string local) =>
            local is not ("RDF" or "ID" or "about" or "bagID" or "parseType" or "resource" or "nodeID" or "li"
                or "aboutEach" or "aboutEachPrefix" or "datatype");

        private static bool IsPropertyElementName(string local) =>
            local is not ("Description" or "RDF" or "ID" or "about" or "bagID" or "parseType" or "resource" or "nodeID"
                or "aboutEach" or "aboutEachPrefix" or "datatype");

        private string IdIri(string? baseIri, string id)
        {
            var iri = IriResolver.Resolve(baseIri, "#" + id);
            if (!_ids.Add(iri)) throw Error($"rdf:ID=\"{id}\" is used twice with the same base ({iri})");
            return iri;
        }

        private string CheckId(string value)
        {
            try
            {
                return XmlConvert.VerifyNCName(value);
            }
            catch (XmlException)
            {
                throw Error($"rdf:ID=\"{value}\" is not an XML name");
            }
        }

        private string CheckNodeId(string value)
        {
            try
            {
                return XmlConvert.VerifyNCName(value);
            }
            catch (XmlException)
            {
                throw Error($"rdf:nodeID=\"{value}\" is not an XML name");
            }
        }

        private void Emit(RdfTerm subject, Iri predicate, RdfTerm @object, Iri? reified = null)
        {
            sink.Add(new Triple(subject, predicate, @object));
            if (reified is null) return;
            sink.Add(new Triple(reified, RdfVocab.Type, RdfVocab.Statement));
            sink.Add(new Triple(reified, RdfVocab.Subject, subject));
            sink.Add(new Triple(reified, RdfVocab.Predicate, predicate));
            sink.Add(new Triple(reified, RdfVocab.Object, @object));
        }

        private void Nest()
        {
            if (++_depth > options.MaxNesting) throw Error($"elements nest deeper than {options.MaxNesting}");
        }

        /// <summary>An error about a text node, placed at its first character that is not white space.</summary>
        private RdfSyntaxException TextError(string reason, string text)
        {
            int line = _lines?.LineNumber ?? 0, column = _lines?.LinePosition ?? 0;
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c)) break;
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
            return new RdfSyntaxException(RdfFormat.RdfXml, reason, line, column);
        }

        private RdfSyntaxException Error(string reason) =>
            new(RdfFormat.RdfXml, reason, _lines?.LineNumber ?? 0, _lines?.LinePosition ?? 0);
    }
}
