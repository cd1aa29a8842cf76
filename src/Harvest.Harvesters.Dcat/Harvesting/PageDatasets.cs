using System.Globalization;
using System.Text.Json.Nodes;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>A dataset or dataset series found on a page, described, with the key it is harvested under.</summary>
internal sealed record PageDataset
{
    /// <summary>The IRI, or the dct:identifier of a blank node; null when a blank node has none.</summary>
    public required string? Key { get; init; }
    public required JsonObject Content { get; init; }
    public required string? Title { get; init; }
    public required bool IsSeries { get; init; }
    /// <summary>The IRIs of the series the dataset is in (dcat:inSeries, or a series' dcat:seriesMember).</summary>
    public required IReadOnlyList<string> Series { get; init; }
    public DateTimeOffset? Modified { get; init; }
    /// <summary>Position on the page (1-based) and whether the node is blank, for messages.</summary>
    public required int Position { get; init; }
    public required bool IsBlank { get; init; }
}

/// <summary>
/// Reads the datasets of one page: every node typed dcat:Dataset or dcat:DatasetSeries, series first (they are the
/// records their members link to), each in document order.
/// </summary>
internal static class PageDatasets
{
    public static List<PageDataset> Read(RdfGraph graph, LanguagePreference language)
    {
        var series = graph.Subjects(RdfVocab.Type, DcatVocab.DatasetSeries).ToList();
        var seriesSet = series.ToHashSet();
        var datasets = graph.Subjects(RdfVocab.Type, DcatVocab.Dataset).Where(d => !seriesSet.Contains(d));
        var describer = new NodeDescriber(graph);
        var found = new List<PageDataset>();
        foreach (var node in series.Concat(datasets))
        {
            // A series that lists its members (dcat:seriesMember) puts them in the series even when they do not say so.
            var listedBy = graph.Match(null, DcatVocab.SeriesMember, node).Select(t => t.Subject).Where(s => s is Iri).ToList();
            var content = describer.Describe(node, listedBy.Select(s => (DcatVocab.InSeries, s)));
            var described = new DescribedNode(content);
            var inSeries = described.Nodes("dcat:inSeries").Select(n => n.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            found.Add(new PageDataset
            {
                Key = node is Iri iri ? iri.Value : described.Literals("dct:identifier").Select(l => l.Text.Trim()).Where(t => t.Length > 0)
                    .Order(StringComparer.Ordinal).FirstOrDefault(),
                Content = content,
                Title = DcatDatasetMapper.Title(described, language),
                IsSeries = seriesSet.Contains(node),
                Series = inSeries,
                Modified = ParseDate(described.Literals("dct:modified").Select(l => l.Text).FirstOrDefault()),
                Position = found.Count + 1,
                IsBlank = node is BlankNode,
            });
        }
        return found;
    }

    /// <summary>An xsd:date or xsd:dateTime (a date is taken at midnight UTC); null when it is neither.</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddzzz", "yyyy-MM-ddK"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var date))
            return date;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) && text.Contains('T')
            ? moment
            : null;
    }
}
