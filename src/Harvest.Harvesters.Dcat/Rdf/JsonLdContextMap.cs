namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// The JSON-LD remote contexts a parser may use, by URL, each with a local copy: the parser never fetches
/// anything. A document naming a URL that is not here fails with <see cref="JsonLdContextNotFoundException"/>.
/// </summary>
public sealed class JsonLdContextMap
{
    private readonly Dictionary<string, Func<string>> _sources = new(StringComparer.Ordinal);

    /// <summary>The URLs that have a local copy.</summary>
    public IEnumerable<string> Urls => _sources.Keys;

    /// <summary>Maps <paramref name="url"/> to a context document given as JSON text.</summary>
    public JsonLdContextMap Add(string url, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(json);
        _sources[url] = () => json;
        return this;
    }

    /// <summary>Maps <paramref name="url"/> to a context document in a local file, read when a document first needs it.</summary>
    public JsonLdContextMap AddFile(string url, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        _sources[url] = () => File.ReadAllText(full);
        return this;
    }

    public bool Contains(string url) => _sources.ContainsKey(url);

    internal string Load(string url) =>
        _sources.TryGetValue(url, out var source) ? source() : throw new JsonLdContextNotFoundException(url);
}
