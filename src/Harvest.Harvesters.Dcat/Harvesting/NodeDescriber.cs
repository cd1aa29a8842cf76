using System.Text.Json.Nodes;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// Writes what a graph says about one node as JSON, the content of a dataset's record: its triples, with the nodes
/// they point to described inline when the graph describes them (blank nodes, distributions, publishers, contact
/// points, locations...). Other datasets, series, catalogs and catalog records are only referred to by IRI, since they
/// are records (or containers) of their own. Keys are sorted and the values of a property are sorted by their JSON
/// text, so the same triples give the same JSON whatever their order or their blank node labels: a re-harvest compares
/// records by the hash of this JSON.
/// </summary>
/// <remarks>
/// The shape: <c>{"@id": IRI, "@type": [...], "dct:title": ["plain", {"@value": "x", "@language": "en"}],
/// "dct:issued": [{"@value": "2020-01-01", "@type": "xsd:date"}], "dct:license": [{"@id": IRI}],
/// "dcat:distribution": [{"@id": IRI, "dcat:downloadURL": [...]}], "x:list": [{"@list": [...]}]}</c>.
/// Blank nodes have no <c>@id</c>; a blank node met again inside its own description is written as <c>{}</c>.
/// </remarks>
internal sealed class NodeDescriber
{
    /// <summary>How deep described nodes nest; below that, IRIs are only referred to.</summary>
    private const int MaxDepth = 12;

    private static readonly Iri[] RecordTypes = [DcatVocab.Dataset, DcatVocab.DatasetSeries, DcatVocab.Catalog, DcatVocab.CatalogRecord];

    private readonly RdfGraph _graph;
    private readonly HashSet<RdfTerm> _records;
    private readonly HashSet<RdfTerm> _path = [];

    public NodeDescriber(RdfGraph graph)
    {
        _graph = graph;
        _records = [.. RecordTypes.SelectMany(type => graph.Subjects(RdfVocab.Type, type)).Where(node => node is Iri)];
    }

    /// <summary>The node's description; <paramref name="extra"/> adds triples the node's own do not state (a series' members).</summary>
    public JsonObject Describe(RdfTerm node, IEnumerable<(Iri Predicate, RdfTerm Object)>? extra = null)
    {
        _path.Clear();
        return DescribeNode(node, 0, extra ?? []);
    }

    private JsonObject DescribeNode(RdfTerm node, int depth, IEnumerable<(Iri Predicate, RdfTerm Object)> extra)
    {
        _path.Add(node);
        var properties = new SortedDictionary<string, List<JsonNode>>(StringComparer.Ordinal);
        var pairs = _graph.Match(node).Select(t => (t.Predicate, t.Object)).Concat(extra).Distinct();
        foreach (var (predicate, value) in pairs)
        {
            var key = predicate.Equals(RdfVocab.Type) && value is Iri ? "@type" : DcatVocab.Compact(predicate.Value);
            if (!properties.TryGetValue(key, out var values)) properties[key] = values = [];
            values.Add(key == "@type" ? JsonValue.Create(DcatVocab.Compact(((Iri)value).Value)) : Value(value, depth + 1));
        }
        _path.Remove(node);

        var json = new JsonObject();
        if (node is Iri iri) json["@id"] = iri.Value;
        foreach (var (key, values) in properties)
            json[key] = new JsonArray([.. values.Select(v => (Text: v.ToJsonString(), Node: v)).DistinctBy(v => v.Text)
                .OrderBy(v => v.Text, StringComparer.Ordinal).Select(v => v.Node)]);
        return json;
    }

    private JsonNode Value(RdfTerm term, int depth)
    {
        switch (term)
        {
            case Literal literal:
                return LiteralValue(literal);
            case Iri iri:
                return _records.Contains(iri) || _path.Contains(iri) || depth > MaxDepth || !_graph.Match(iri).Any()
                    ? new JsonObject { ["@id"] = iri.Value }
                    : DescribeNode(iri, depth, []);
            default:
                if (_path.Contains(term) || depth > MaxDepth) return new JsonObject();
                return List(term, depth) ?? DescribeNode(term, depth, []);
        }
    }

    private static JsonNode LiteralValue(Literal literal)
    {
        if (literal.Language is { } language)
            return new JsonObject { ["@language"] = language, ["@value"] = literal.LexicalForm };
        if (literal.Datatype.Equals(XsdVocab.String))
            return JsonValue.Create(literal.LexicalForm);
        return new JsonObject { ["@type"] = DcatVocab.Compact(literal.Datatype.Value), ["@value"] = literal.LexicalForm };
    }

    /// <summary>A well-formed RDF list starting at a blank node, as <c>{"@list": [...]}</c> in its order; null otherwise.</summary>
    private JsonObject? List(RdfTerm head, int depth)
    {
        var items = new List<RdfTerm>();
        var seen = new HashSet<RdfTerm>();
        for (var node = head; !node.Equals(RdfVocab.Nil);)
        {
            if (node is not BlankNode || !seen.Add(node)) return null;
            RdfTerm? first = null, rest = null;
            foreach (var triple in _graph.Match(node))
            {
                if (triple.Predicate.Equals(RdfVocab.First) && first is null) first = triple.Object;
                else if (triple.Predicate.Equals(RdfVocab.Rest) && rest is null) rest = triple.Object;
                else if (!(triple.Predicate.Equals(RdfVocab.Type) && triple.Object.Equals(new Iri(RdfVocab.Namespace + "List")))) return null;
            }
            if (first is null || rest is null) return null;
            items.Add(first);
            node = rest;
        }
        foreach (var node in seen) _path.Add(node);
        var list = new JsonArray([.. items.Select(item => Value(item, depth + 1))]);
        foreach (var node in seen) _path.Remove(node);
        return new JsonObject { ["@list"] = list };
    }
}
