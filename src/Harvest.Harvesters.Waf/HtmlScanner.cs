using System.Net;

namespace Harvest.Harvesters.Waf;

internal enum HtmlTokenKind { Text, StartTag, EndTag }

/// <summary>A piece of an HTML page: text (entities decoded), or a tag with its lower-case name and attributes.</summary>
internal sealed record HtmlToken(HtmlTokenKind Kind, string Value, IReadOnlyDictionary<string, string>? Attributes = null)
{
    public string? Attribute(string name) => Attributes is not null && Attributes.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A forgiving scanner for the HTML of directory listings: tags, attributes (quoted, unquoted or bare) and
/// text; comments, doctypes, processing instructions, scripts and styles are skipped. It does not build a
/// tree: a listing's structure is flat enough that rows and links are all that matter, and an unclosed tag
/// must not swallow the rest of the page.
/// </summary>
internal static class HtmlScanner
{
    public static IEnumerable<HtmlToken> Scan(string html)
    {
        var i = 0;
        var textStart = 0;
        while (i < html.Length)
        {
            if (html[i] != '<' || !IsMarkupStart(html, i))
            {
                i++;
                continue;
            }
            if (i > textStart) yield return Text(html, textStart, i);

            if (At(html, i, "<!--"))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
            }
            else if (html[i + 1] is '!' or '?')
            {
                var end = html.IndexOf('>', i);
                i = end < 0 ? html.Length : end + 1;
            }
            else
            {
                var (token, next) = Tag(html, i);
                i = next;
                yield return token;
                if (token.Kind == HtmlTokenKind.StartTag && token.Value is "script" or "style")
                {
                    var close = html.IndexOf("</" + token.Value, i, StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? html.Length : close;
                }
            }
            textStart = i;
        }
        if (textStart < html.Length) yield return Text(html, textStart, html.Length);
    }

    private static bool IsMarkupStart(string html, int i) =>
        i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] is '/' or '!' or '?');

    private static bool At(string html, int i, string text) => string.CompareOrdinal(html, i, text, 0, text.Length) == 0;

    private static HtmlToken Text(string html, int start, int end) =>
        new(HtmlTokenKind.Text, WebUtility.HtmlDecode(html[start..end]));

    private static (HtmlToken Token, int Next) Tag(string html, int start)
    {
        var i = start + 1;
        var isEnd = html[i] == '/';
        if (isEnd) i++;
        var nameStart = i;
        while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not '>' and not '/') i++;
        var name = html[nameStart..i].ToLowerInvariant();

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (i < html.Length && html[i] != '>')
        {
            if (char.IsWhiteSpace(html[i]) || html[i] == '/')
            {
                i++;
                continue;
            }
            var attributeStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not '=' and not '>' and not '/') i++;
            var attributeName = html[attributeStart..i].ToLowerInvariant();
            if (attributeName.Length == 0)
            {
                i++;
                continue;
            }
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            var value = "";
            if (i < html.Length && html[i] == '=')
            {
                i++;
                while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                if (i < html.Length && html[i] is '"' or '\'')
                {
                    var quote = html[i];
                    var close = html.IndexOf(quote, i + 1);
                    if (close < 0) close = html.Length;
                    value = html[(i + 1)..close];
                    i = Math.Min(close + 1, html.Length);
                }
                else
                {
                    var valueStart = i;
                    while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                    value = html[valueStart..i];
                }
            }
            attributes.TryAdd(attributeName, WebUtility.HtmlDecode(value));
        }
        var next = Math.Min(i + 1, html.Length);
        return (new HtmlToken(isEnd ? HtmlTokenKind.EndTag : HtmlTokenKind.StartTag, name, attributes), next);
    }
}
