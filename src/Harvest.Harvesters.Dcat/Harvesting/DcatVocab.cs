using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// The namespaces a dataset's description is written with, and the prefixes that shorten them. The prefixes are part
/// of every stored record's content (and so of its hash): change one and every dataset is re-imported once.
/// </summary>
internal static class DcatVocab
{
    public const string Dcat = "http://www.w3.org/ns/dcat#";
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Hydra = "http://www.w3.org/ns/hydra/core#";

    public static readonly Iri Dataset = new(Dcat + "Dataset");
    public static readonly Iri DatasetSeries = new(Dcat + "DatasetSeries");
    public static readonly Iri Catalog = new(Dcat + "Catalog");
    public static readonly Iri CatalogRecord = new(Dcat + "CatalogRecord");
    public static readonly Iri InSeries = new(Dcat + "inSeries");
    public static readonly Iri SeriesMember = new(Dcat + "seriesMember");
    public static readonly Iri Identifier = new(Dct + "identifier");
    public static readonly Iri Title = new(Dct + "title");
    public static readonly Iri Modified = new(Dct + "modified");

    public static readonly Iri HydraNext = new(Hydra + "next");
    public static readonly Iri HydraNextPage = new(Hydra + "nextPage");
    public static readonly Iri HydraPagedCollection = new(Hydra + "PagedCollection");
    public static readonly Iri HydraPartialCollectionView = new(Hydra + "PartialCollectionView");

    /// <summary>Prefix and namespace, longest namespaces first where one is a prefix of another.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Namespace)> Prefixes =
    [
        ("dcat", Dcat),
        ("dct", Dct),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("adms", "http://www.w3.org/ns/adms#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("rdf", RdfVocab.Namespace),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd", XsdVocab.Namespace),
        ("owl", "http://www.w3.org/2002/07/owl#"),
        ("schema", "http://schema.org/"),
        ("locn", "http://www.w3.org/ns/locn#"),
        ("gsp", "http://www.opengis.net/ont/geosparql#"),
        ("spdx", "http://spdx.org/rdf/terms#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("time", "http://www.w3.org/2006/time#"),
        ("odrl", "http://www.w3.org/ns/odrl/2/"),
        ("dcatap", "http://data.europa.eu/r5r/"),
        ("dcat-us", "http://data.resources.gov/ontology/dcat-us#"),
        ("org", "http://www.w3.org/ns/org#"),
    ];

    /// <summary>A prefixed name for an IRI in a known namespace with a plain local name; the IRI itself otherwise.</summary>
    public static string Compact(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
        {
            if (!iri.StartsWith(ns, StringComparison.Ordinal)) continue;
            var local = iri[ns.Length..];
            if (local.Length > 0 && local.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && char.IsAsciiLetter(local[0]))
                return prefix + ":" + local;
        }
        return iri;
    }
}
