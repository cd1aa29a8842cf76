using System.Text;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>Resolves IRI references against a base IRI (RFC 3986 section 5.2, strict: a scheme in the reference wins).</summary>
public static class IriResolver
{
    /// <summary>True when <paramref name="iri"/> starts with a scheme (<c>letter *(letter / digit / "+" / "-" / ".") ":"</c>).</summary>
    public static bool IsAbsolute(string iri) => SchemeLength(iri) > 0;

    /// <summary>
    /// The target IRI of <paramref name="reference"/> resolved against <paramref name="baseIri"/>.
    /// With no base (null or empty) the reference is returned as it is.
    /// </summary>
    public static string Resolve(string? baseIri, string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var r = Split(reference);
        if (r.Scheme is not null)
            return Compose(r.Scheme, r.Authority, RemoveDotSegments(r.Path), r.Query, r.Fragment);
        if (string.IsNullOrEmpty(baseIri)) return reference;

        var b = Split(baseIri);
        string? authority;
        string path;
        string? query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path[0] == '/' ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
        }
        return Compose(b.Scheme, authority, path, query, r.Fragment);
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static int SchemeLength(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return 0;
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':') return i;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return 0;
        }
        return 0;
    }

    private static Parts Split(string s)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        var rest = s;
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }
        var schemeLength = SchemeLength(rest);
        if (schemeLength > 0)
        {
            scheme = rest[..schemeLength];
            rest = rest[(schemeLength + 1)..];
        }
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            if (end < 0) end = rest.Length;
            authority = rest[2..end];
            rest = rest[end..];
        }
        return new Parts(scheme, authority, rest, query, fragment);
    }

    private static string Merge(Parts baseParts, string relativePath)
    {
        if (baseParts.Authority is not null && baseParts.Path.Length == 0) return "/" + relativePath;
        var slash = baseParts.Path.LastIndexOf('/');
        return slash < 0 ? relativePath : baseParts.Path[..(slash + 1)] + relativePath;
    }

    private static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.') < 0) return path;
        var input = path;
        var output = new StringBuilder(path.Length);
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal)) input = input[3..];
            else if (input.StartsWith("./", StringComparison.Ordinal)) input = input[2..];
            else if (input.StartsWith("/./", StringComparison.Ordinal)) input = input[2..];
            else if (input == "/.") input = "/";
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                var last = output.ToString().LastIndexOf('/');
                output.Length = last < 0 ? 0 : last;
            }
            else if (input is "." or "..") input = "";
            else
            {
                var start = input[0] == '/' ? 1 : 0;
                var next = input.IndexOf('/', start);
                if (next < 0) next = input.Length;
                output.Append(input, 0, next);
                input = input[next..];
            }
        }
        return output.ToString();
    }

    private static string Compose(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var sb = new StringBuilder();
        if (scheme is not null) sb.Append(scheme).Append(':');
        if (authority is not null) sb.Append("//").Append(authority);
        sb.Append(path);
        if (query is not null) sb.Append('?').Append(query);
        if (fragment is not null) sb.Append('#').Append(fragment);
        return sb.ToString();
    }
}
