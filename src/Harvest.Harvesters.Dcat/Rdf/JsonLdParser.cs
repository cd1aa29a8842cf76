using System.Text;
using System.Text.Json;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// JSON-LD 1.1 to triples: the document is expanded (contexts, @vocab, @base, compact IRIs, type coercion,
/// containers, scoped contexts, @reverse, @list, @graph, @nest, @included) and each node emits its triples.
/// The document is read whole into memory. Remote contexts come only from
/// <see cref="RdfParserOptions.JsonLdContexts"/>: nothing is fetched, and an unknown one fails with
/// <see cref="JsonLdContextNotFoundException"/>.
/// </summary>
public sealed class JsonLdParser(RdfParserOptions? options = null) : IRdfParser
{
    private readonly RdfParserOptions _options = options ?? RdfParserOptions.Default;

    public RdfFormat Format => RdfFormat.JsonLd;

    public void Parse(Stream input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > _options.MaxJsonLdBytes)
                throw new RdfParseException($"the JSON-LD document is larger than {_options.MaxJsonLdBytes} bytes (RdfParserOptions.MaxJsonLdBytes)");
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        Parse(start == 0 ? bytes : bytes[start..], sink);
    }

    public void Parse(TextReader input, ITripleSink sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        Parse(Encoding.UTF8.GetBytes(input.ReadToEnd()), sink);
    }

    private void Parse(byte[] utf8, ITripleSink sink)
    {
        var source = new JsonSource(null, utf8);
        JNode document;
        try
        {
            document = JsonTreeReader.Read(source, _options.MaxNesting);
        }
        catch (JsonException e)
        {
            throw JsonLdErrors.FromJson(e, null);
        }
        var contexts = new JsonLdContextProcessor(_options.JsonLdContexts, _options);
        var expanded = new JsonLdExpander(contexts, _options.MaxNesting)
            .ExpandDocument(document, JsonLdContext.Initial(_options.BaseIri), _options.BaseIri);
        new JsonLdToRdf(sink, new BlankNodeScope(_options.BlankNodePrefix)).Emit(expanded);
    }
}
