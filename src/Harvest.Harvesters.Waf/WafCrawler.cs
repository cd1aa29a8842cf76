using System.Security.Cryptography;
using System.Text;
using Harvest.Engine.Http;

namespace Harvest.Harvesters.Waf;

/// <summary>
/// Walks a web-accessible folder and its sub-folders, breadth first, through their HTML listings. It never leaves the
/// tree under the source folder (the listing already ignores parent links, other hosts and sort links; a folder that a
/// redirect takes elsewhere is not read), reads each folder once, stops at the depth cap, and does not follow a folder
/// whose listing is its ancestor's again (a symbolic link back up the tree, which would otherwise nest forever). A folder
/// it cannot read or that lies beyond the depth cap marks the listing incomplete.
/// </summary>
internal sealed class WafCrawler(GatherContext context, WafConfig config)
{
    public const string Accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

    private readonly HttpCallOptions _options = config.Iso.CallOptions(context, Accept);

    public int FoldersRead { get; private set; }

    private sealed record Folder(Uri Url, int Depth, Folder? Parent, string? Signature);

    /// <summary>The <c>.xml</c> files of the tree, each once, in listing order folder by folder.</summary>
    public async IAsyncEnumerable<WafEntry> FilesAsync(Uri start, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The source folder must be readable: without it there is no listing at all.
        var rootListing = await ListAsync(start, cancellationToken);
        var tree = rootListing.Folder;
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Key(tree) };
        var files = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(Folder Folder, WafListing? Listing)>();
        queue.Enqueue((new Folder(tree, 0, null, Signature(rootListing)), rootListing));

        while (queue.Count > 0)
        {
            var (folder, listing) = queue.Dequeue();
            if (listing is null)
            {
                try
                {
                    listing = await ListAsync(folder.Url, cancellationToken);
                }
                catch (HarvestException e)
                {
                    MissedPart($"the sub-folder {folder.Url} could not be listed: {e.Message}");
                    continue;
                }
                if (!IsInside(tree, listing.Folder))
                {
                    MissedPart($"the sub-folder {folder.Url} leads to {listing.Folder}, outside {tree}: not read");
                    continue;
                }
                // A redirect to a folder already read: nothing new there.
                if (!string.Equals(Key(listing.Folder), Key(folder.Url), StringComparison.OrdinalIgnoreCase) && !visited.Add(Key(listing.Folder))) continue;
                folder = folder with { Signature = Signature(listing) };
                if (AncestorWithSameListing(folder) is { } ancestor)
                {
                    context.Log?.Warning($"the WAF folder {folder.Url} lists the same entries as {ancestor.Url} (a link back up the tree): not followed");
                    continue;
                }
            }

            foreach (var file in listing.Records)
                if (IsInside(tree, file.Url) && files.Add(file.Url.AbsoluteUri))
                    yield return file;

            foreach (var sub in listing.Folders)
            {
                if (!IsInside(tree, sub.Url) || !visited.Add(Key(sub.Url))) continue;
                if (folder.Depth + 1 > config.MaxDepth)
                {
                    MissedPart($"the sub-folder {sub.Url} is deeper than max_depth {config.MaxDepth}: not listed");
                    continue;
                }
                queue.Enqueue((new Folder(sub.Url, folder.Depth + 1, folder, null), null));
            }
        }
    }

    /// <summary>A part of the tree the walk could not see: the listing is incomplete, and the job's report says why.</summary>
    private void MissedPart(string reason) => context.MarkIncomplete(reason);

    private async Task<WafListing> ListAsync(Uri url, CancellationToken cancellationToken)
    {
        FoldersRead++;
        using var response = await context.Documents.Http.GetResponseAsync(url, _options, cancellationToken);
        var pageUrl = response.RequestMessage?.RequestUri ?? url;
        await using var body = await context.Documents.Http.OpenBodyAsync(response, url, cancellationToken);
        using var reader = new StreamReader(body, PageEncoding(response), detectEncodingFromByteOrderMarks: true);
        var html = await reader.ReadToEndAsync(cancellationToken);
        return WafListing.Parse(html, pageUrl);
    }

    private static Encoding PageEncoding(HttpResponseMessage response)
    {
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"', ' ');
        if (string.IsNullOrEmpty(charset)) return Encoding.UTF8;
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8; // file names in listings are ASCII in practice; a wrong guess only garbles a name
        }
    }

    private static Folder? AncestorWithSameListing(Folder folder)
    {
        for (var ancestor = folder.Parent; ancestor is not null; ancestor = ancestor.Parent)
            if (ancestor.Signature == folder.Signature) return ancestor;
        return null;
    }

    /// <summary>What a listing holds, relative to its folder: the same for a folder and a link to it seen from elsewhere.</summary>
    private static string Signature(WafListing listing)
    {
        var text = new StringBuilder();
        foreach (var entry in listing.Entries)
            text.Append(listing.Folder.MakeRelativeUri(entry.Url)).Append(' ').Append(entry.LastModified?.Ticks).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Key(Uri folder) => folder.GetLeftPart(UriPartial.Path);

    internal static bool IsInside(Uri tree, Uri url) =>
        Uri.Compare(url, tree, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0
        && url.AbsolutePath.StartsWith(tree.AbsolutePath, StringComparison.OrdinalIgnoreCase);
}
