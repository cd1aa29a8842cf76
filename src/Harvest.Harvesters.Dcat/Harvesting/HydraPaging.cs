using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// The next page of a paged catalog, as Hydra says it: <c>hydra:next</c> or the older <c>hydra:nextPage</c>, on a
/// <c>hydra:PartialCollectionView</c> or a <c>hydra:PagedCollection</c> (an IRI or a literal, resolved against the page).
/// </summary>
internal static class HydraPaging
{
    public static string? NextPage(RdfGraph graph, string pageUrl)
    {
        var views = graph.Subjects(RdfVocab.Type, DcatVocab.HydraPartialCollectionView)
            .Concat(graph.Subjects(RdfVocab.Type, DcatVocab.HydraPagedCollection)).Distinct().ToList();
        var links = graph.Where(t => t.Predicate.Equals(DcatVocab.HydraNext) || t.Predicate.Equals(DcatVocab.HydraNextPage)).ToList();
        // The view describing this very page first, then any typed view, then any hydra:next at all.
        var link = links.FirstOrDefault(t => t.Subject is Iri iri && iri.Value == pageUrl && views.Contains(t.Subject))
            ?? links.FirstOrDefault(t => views.Contains(t.Subject))
            ?? links.FirstOrDefault();
        var target = link?.Object switch
        {
            Iri iri => iri.Value,
            Literal literal => literal.LexicalForm.Trim(),
            _ => null,
        };
        if (string.IsNullOrEmpty(target)) return null;
        return Uri.TryCreate(new Uri(pageUrl, UriKind.Absolute), target, out var resolved) ? resolved.AbsoluteUri : target;
    }
}
