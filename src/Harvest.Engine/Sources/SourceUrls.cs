using System.Globalization;
using System.Text.RegularExpressions;
using Harvest.Engine.Http;

namespace Harvest.Engine.Sources;

/// <summary>
/// What a source URL may be: an http or https URL with a host (and a port in 1-65535), a file: URL, or a local path.
/// Anything else that names a scheme (ftp:, javascript:, data:, a bare "http://") is refused with the reason, rather
/// than taken for a file name and failing at the first harvest.
/// </summary>
public static partial class SourceUrls
{
    /// <summary>The URL as it is stored: remote URLs trimmed, local paths made absolute (so cron in any folder finds them).</summary>
    /// <exception cref="InvalidSourceException">why the URL cannot be a source's.</exception>
    public static string Normalise(string url)
    {
        if (Problem(url) is { } problem) throw new InvalidSourceException([problem]);
        var text = url.Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && !uri.IsFile ? text : RemoteDocuments.LocalPath(text);
    }

    /// <summary>Why the URL cannot be a source's, or null when it can.</summary>
    public static string? Problem(string? url)
    {
        var text = url?.Trim() ?? "";
        if (text.Length == 0) return "url must not be empty";
        var scheme = Scheme().Match(text);
        if (!scheme.Success) return null; // a local path (also C:\... on Windows: one letter is a drive, not a scheme)
        var name = scheme.Groups["scheme"].Value.ToLowerInvariant();
        if (name == "file")
            return Uri.TryCreate(text, UriKind.Absolute, out var file) && file.IsFile ? null : $"url '{text}' is not a valid file: URL";
        if (name is not ("http" or "https"))
            return $"url '{Shorten(text)}' has the scheme '{name}:', which Harvest does not harvest from: use an http or https URL, a file: URL or a local path";
        var authority = Authority().Match(text);
        if (!authority.Success || authority.Groups["host"].Value.Length == 0)
            return $"url '{text}' has no host";
        if (authority.Groups["port"].Success && authority.Groups["port"].Value.Length > 0
            && (!int.TryParse(authority.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535))
            return $"url '{text}' has the port {authority.Groups["port"].Value}, outside 1-65535";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return $"url '{text}' is not a valid URL (its host '{authority.Groups["host"].Value}' cannot be read)";
        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..79] + "…";

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex Scheme();

    /// <summary>scheme://[userinfo@]host[:port]: an IPv6 host in brackets (a missing ']' leaves no host).</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?<host>\[[^\]/?#]*\]|[^:/?#\[\]]*)(?::(?<port>[^/?#]*))?(?:[/?#]|$)")]
    private static partial Regex Authority();
}
