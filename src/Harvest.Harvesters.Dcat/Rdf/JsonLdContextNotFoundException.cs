namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// A JSON-LD document names a remote context that is not in the <see cref="JsonLdContextMap"/>.
/// Remote contexts are never fetched: add the URL to the map with a local copy.
/// </summary>
public sealed class JsonLdContextNotFoundException : RdfParseException
{
    public JsonLdContextNotFoundException(string contextUrl)
        : base($"JSON-LD remote context {contextUrl} is not known: remote contexts are never fetched, map this URL to a local copy (JsonLdContextMap)")
    {
        ContextUrl = contextUrl;
    }

    public string ContextUrl { get; }
}
