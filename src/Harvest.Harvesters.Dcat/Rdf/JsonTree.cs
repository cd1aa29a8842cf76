using System.Text;
using System.Text.Json;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// A JSON value for the JSON-LD algorithms: input documents keep the byte offset where each value starts, for
/// error positions; numbers keep their text. Expansion builds its output from the same types.
/// </summary>
internal abstract class JNode(int offset, JsonSource? source)
{
    public int Offset { get; } = offset;

    /// <summary>The document the value was read from; null for values the algorithms made.</summary>
    public JsonSource? Source { get; } = source;

    public virtual bool IsScalar => false;
}

internal sealed class JObject(int offset, JsonSource? source = null) : JNode(offset, source)
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, JNode> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Keys => _keys;

    public int Count => _keys.Count;

    public JNode this[string key]
    {
        get => _values[key];
        set
        {
            if (!_values.ContainsKey(key)) _keys.Add(key);
            _values[key] = value;
        }
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGet(string key, out JNode value) => _values.TryGetValue(key, out value!);

    public JNode? Get(string key) => _values.GetValueOrDefault(key);

    public void Remove(string key)
    {
        if (_values.Remove(key)) _keys.Remove(key);
    }

    public IEnumerable<KeyValuePair<string, JNode>> Entries => _keys.Select(k => new KeyValuePair<string, JNode>(k, _values[k]));
}

internal sealed class JArray(int offset, List<JNode> items, JsonSource? source = null) : JNode(offset, source)
{
    public JArray(int offset, JsonSource? source = null) : this(offset, [], source) { }

    public List<JNode> Items { get; } = items;
}

internal sealed class JString(int offset, string value, JsonSource? source = null) : JNode(offset, source)
{
    public string Value { get; } = value;

    public override bool IsScalar => true;
}

internal sealed class JNumber(int offset, string text, JsonSource? source = null) : JNode(offset, source)
{
    /// <summary>The number as written in the document.</summary>
    public string Text { get; } = text;

    public override bool IsScalar => true;
}

internal sealed class JBool(int offset, bool value, JsonSource? source = null) : JNode(offset, source)
{
    public bool Value { get; } = value;

    public override bool IsScalar => true;
}

internal sealed class JNull(int offset, JsonSource? source = null) : JNode(offset, source);

/// <summary>A JSON document the parser read: the document itself (Url null) or a remote context.</summary>
internal sealed class JsonSource(string? url, byte[] utf8)
{
    public string? Url { get; } = url;

    public byte[] Utf8 { get; } = utf8;

    /// <summary>The 1-based line and column (in characters) of a byte offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var bytes = Utf8.AsSpan(0, Math.Clamp(offset, 0, Utf8.Length));
        var line = 1 + bytes.Count((byte)'\n');
        var lineStart = bytes.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(bytes[lineStart..]) + 1);
    }
}

/// <summary>Reads UTF-8 JSON into a <see cref="JNode"/> tree, without recursion.</summary>
internal static class JsonTreeReader
{
    /// <exception cref="JsonException">the text is not JSON (with the line and position of the fault).</exception>
    public static JNode Read(JsonSource source, int maxDepth)
    {
        var reader = new Utf8JsonReader(source.Utf8, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var stack = new Stack<(JNode Container, string? PendingKey)>();
        JNode? root = null;
        string? key = null;
        while (reader.Read())
        {
            var offset = (int)reader.TokenStartIndex;
            JNode? value = null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    stack.Push((new JObject(offset, source), key));
                    key = null;
                    continue;
                case JsonTokenType.StartArray:
                    stack.Push((new JArray(offset, source), key));
                    key = null;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    (value, key) = stack.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    key = reader.GetString();
                    continue;
                case JsonTokenType.String:
                    value = new JString(offset, reader.GetString()!, source);
                    break;
                case JsonTokenType.Number:
                    value = new JNumber(offset, Encoding.UTF8.GetString(reader.ValueSpan), source);
                    break;
                case JsonTokenType.True:
                    value = new JBool(offset, true, source);
                    break;
                case JsonTokenType.False:
                    value = new JBool(offset, false, source);
                    break;
                case JsonTokenType.Null:
                    value = new JNull(offset, source);
                    break;
                default:
                    continue;
            }
            if (stack.Count == 0)
            {
                root = value;
                continue;
            }
            switch (stack.Peek().Container)
            {
                case JObject obj:
                    obj[key!] = value;
                    key = null;
                    break;
                case JArray array:
                    array.Items.Add(value);
                    break;
            }
        }
        return root ?? throw new JsonException("the document is empty");
    }
}
