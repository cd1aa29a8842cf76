using System.Text;

namespace Harvest.Harvesters.Waf;

/// <summary>
/// A web-accessible folder's HTML directory listing, read into its <c>.xml</c> records and sub-folders with
/// the last-modified times the server printed. Understands Apache (table and pre styles), nginx autoindex
/// and IIS listings, and tolerates messy HTML.
/// </summary>
/// <remarks>
/// A listing never leads out of its folder: parent links, links to other hosts or schemes, absolute paths
/// outside the folder, links with a query (Apache's sort links, <c>?C=N;O=D</c>) or only a fragment, and
/// non-http(s) links are ignored, as are files that are not <c>.xml</c>. The folder test ignores case
/// because IIS prints paths in the case of the files on disk, which need not be the case of the URL asked for.
/// A date belongs to the link on its row: the table row, else the line (a line ends at a newline, a
/// <c>&lt;br&gt;</c> or a block tag); on a line with several different links, the text after a link, else before it.
/// </remarks>
public sealed class WafListing
{
    private WafListing(Uri folder, IReadOnlyList<WafEntry> entries)
    {
        Folder = folder;
        Entries = entries;
    }

    /// <summary>The listed folder: the page URL with a trailing <c>/</c>, without an index page name, query or fragment.</summary>
    public Uri Folder { get; }

    /// <summary>Records and sub-folders in the order the page lists them, each once.</summary>
    public IReadOnlyList<WafEntry> Entries { get; }

    public IEnumerable<WafEntry> Records => Entries.Where(e => !e.IsFolder);

    public IEnumerable<WafEntry> Folders => Entries.Where(e => e.IsFolder);

    /// <param name="html">The listing page.</param>
    /// <param name="pageUrl">The absolute URL the page was served at (after redirects).</param>
    public static WafListing Parse(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        if (!pageUrl.IsAbsoluteUri) throw new ArgumentException("the page URL must be absolute", nameof(pageUrl));

        var folder = FolderOf(pageUrl);
        var (rows, baseHref) = Rows(html);
        var resolveAgainst = baseHref is not null && Uri.TryCreate(folder, baseHref, out var b) ? b : folder;

        var entries = new List<WafEntry>();
        var index = new Dictionary<Uri, int>();
        foreach (var row in rows)
        {
            var links = row.Select((piece, position) => (piece, position)).Where(p => p.piece.Href is not null).ToList();
            if (links.Count == 0) continue;
            var oneTarget = links.Select(l => l.piece.Href).Distinct(StringComparer.Ordinal).Count() == 1;
            for (var k = 0; k < links.Count; k++)
            {
                var date = oneTarget
                    ? ListingDate.Find(TextOf(row, 0, row.Count))
                    : ListingDate.Find(TextOf(row, links[k].position + 1, k + 1 < links.Count ? links[k + 1].position : row.Count))
                      ?? ListingDate.Find(TextOf(row, k > 0 ? links[k - 1].position + 1 : 0, links[k].position));
                if (Resolve(links[k].piece.Href!, resolveAgainst, folder) is not { } entry) continue;
                entry = entry with { LastModified = date };
                if (index.TryGetValue(entry.Url, out var seen))
                {
                    if (entries[seen].LastModified is null && date is not null) entries[seen] = entries[seen] with { LastModified = date };
                    continue;
                }
                index[entry.Url] = entries.Count;
                entries.Add(entry);
            }
        }
        return new WafListing(folder, entries);
    }

    private static Uri FolderOf(Uri page)
    {
        var path = page.AbsolutePath;
        if (!path.EndsWith('/'))
        {
            var slash = path.LastIndexOf('/');
            // ".../index.html" names a page in the folder; ".../folder" (no extension) names the folder itself.
            path = path[(slash + 1)..].Contains('.') ? path[..(slash + 1)] : path + "/";
        }
        return new Uri(page.GetLeftPart(UriPartial.Authority) + path);
    }

    private static WafEntry? Resolve(string href, Uri resolveAgainst, Uri folder)
    {
        href = href.Trim();
        if (href.Length == 0 || href.StartsWith('#') || href.Contains('?')) return null;
        if (!Uri.TryCreate(resolveAgainst, href, out var url)) return null;
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return null;
        if (url.Fragment.Length > 0) url = new Uri(url.GetLeftPart(UriPartial.Path));
        if (Uri.Compare(url, folder, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0) return null;

        var path = url.AbsolutePath;
        var folderPath = folder.AbsolutePath;
        if (path.Length <= folderPath.Length || !path.StartsWith(folderPath, StringComparison.OrdinalIgnoreCase)) return null;
        if (path.EndsWith('/')) return new WafEntry(url, null, IsFolder: true);
        return path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? new WafEntry(url, null, IsFolder: false) : null;
    }

    /// <summary>A run of a row: text, or a link (its href and the text inside it).</summary>
    private sealed record Piece(string? Href, string Text);

    private static string TextOf(List<Piece> row, int from, int to)
    {
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
            if (row[i].Href is null) text.Append(row[i].Text).Append(' ');
        return text.ToString();
    }

    private static readonly HashSet<string> LineBreakingTags =
    [
        "br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "hr", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
        "html", "head", "title", "body", "section", "article", "header", "footer", "main", "nav",
    ];

    /// <summary>Splits the page into rows: table rows, else lines.</summary>
    private static (List<List<Piece>> Rows, string? BaseHref) Rows(string html)
    {
        var rows = new List<List<Piece>>();
        var row = new List<Piece>();
        string? baseHref = null;
        string? href = null;
        var linkText = new StringBuilder();
        var inTableRow = false;

        foreach (var token in HtmlScanner.Scan(html))
        {
            switch (token.Kind)
            {
                case HtmlTokenKind.StartTag when token.Value == "a":
                    CloseLink();
                    href = token.Attribute("href");
                    break;
                case HtmlTokenKind.EndTag when token.Value == "a":
                    CloseLink();
                    break;
                case HtmlTokenKind.StartTag when token.Value == "base":
                    baseHref ??= token.Attribute("href");
                    break;
                case HtmlTokenKind.StartTag or HtmlTokenKind.EndTag when token.Value == "tr":
                    EndRow();
                    inTableRow = token.Kind == HtmlTokenKind.StartTag;
                    break;
                case HtmlTokenKind.StartTag or HtmlTokenKind.EndTag when token.Value is "table" or "thead" or "tbody" or "tfoot":
                    EndRow();
                    inTableRow = false;
                    break;
                // A link never runs past its cell or line, closed or not.
                case HtmlTokenKind.StartTag or HtmlTokenKind.EndTag when token.Value is "td" or "th":
                    CloseLink();
                    AddText(" ");
                    break;
                case HtmlTokenKind.StartTag or HtmlTokenKind.EndTag when LineBreakingTags.Contains(token.Value):
                    CloseLink();
                    if (!inTableRow) EndRow();
                    else AddText(" ");
                    break;
                case HtmlTokenKind.Text when inTableRow:
                    AddText(token.Value.Replace('\n', ' '));
                    break;
                case HtmlTokenKind.Text:
                    var lines = token.Value.Split('\n');
                    AddText(lines[0]);
                    foreach (var line in lines.Skip(1))
                    {
                        EndRow();
                        AddText(line);
                    }
                    break;
            }
        }
        EndRow();
        return (rows, baseHref);

        void AddText(string text)
        {
            if (href is not null) linkText.Append(text);
            else if (text.Length > 0) row.Add(new Piece(null, text));
        }

        void CloseLink()
        {
            if (href is not null) row.Add(new Piece(href, linkText.ToString()));
            href = null;
            linkText.Clear();
        }

        void EndRow()
        {
            CloseLink();
            if (row.Count > 0) rows.Add(row);
            row = [];
        }
    }
}
