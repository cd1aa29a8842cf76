using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Harvest.Engine.Store;

/// <summary>
/// Reads a PostgreSQL connection string in any of the forms people copy from elsewhere: Npgsql keywords
/// (<c>Host=db;Database=harvest;Username=u;Password=p</c>), libpq keywords separated by spaces
/// (<c>host=db dbname=harvest user=u password=p</c>) or a URI (<c>postgresql://u:p@db:5432/harvest</c>).
/// Errors name the keyword that is wrong and never repeat a password.
/// </summary>
internal static partial class PostgresConnectionString
{
    /// <summary>libpq's keywords and the Npgsql keywords they mean (the others are tried on Npgsql as they are).</summary>
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = "Host",
        ["hostaddr"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
        ["passfile"] = "Passfile",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["sslmode"] = "SSL Mode",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslrootcert"] = "Root Certificate",
        ["sslpassword"] = "SSL Password",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["client_encoding"] = "Client Encoding",
    };

    /// <summary>libpq's sslmode values and Npgsql's names for them.</summary>
    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = SslMode.Disable, ["allow"] = SslMode.Allow, ["prefer"] = SslMode.Prefer, ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA, ["verifyca"] = SslMode.VerifyCA, ["verify-full"] = SslMode.VerifyFull, ["verifyfull"] = SslMode.VerifyFull,
    };

    public const string Forms =
        "Host=...;Database=...;Username=...;Password=..., host=... dbname=... user=... password=..., or postgresql://user:password@host:port/database";

    public static bool IsUri(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the text into Npgsql's builder; a host is required, and port and sslmode must be valid.</summary>
    /// <exception cref="Settings.HarvestSettingsException">naming what is wrong, never with a password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        text = text.Trim();
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (var (key, value) in Pairs(text))
            Set(builder, key, value);
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw Invalid("it names no host (Host= is empty or missing)");
        if (builder.Port is < 1 or > 65535)
            throw Invalid($"the port {builder.Port} is outside 1-65535");
        return builder;
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string text)
    {
        if (IsUri(text)) return UriPairs(text);
        if (!text.Contains(';') && LibpqPattern().IsMatch(text)) return LibpqPairs(text);
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            throw Invalid("it is not a list of Keyword=value pairs separated by ';'");
        }
        return generic.Keys.Cast<string>().Select(key => (key, generic[key]?.ToString() ?? "")).ToList();
    }

    private static List<(string, string)> UriPairs(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw Invalid("the URI cannot be read (check its host, port and that a password with '@', ':' or '/' is %-encoded)");
        var pairs = new List<(string, string)>();
        if (uri.Host.Length > 0) pairs.Add(("Host", uri.Host.Trim('[', ']')));
        pairs.Add(("Port", (uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) pairs.Add(("Database", database));
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            pairs.Add(("Username", Uri.UnescapeDataString(parts[0])));
            if (parts.Length == 2) pairs.Add(("Password", Uri.UnescapeDataString(parts[1])));
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            pairs.Add((Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : ""));
        }
        return pairs;
    }

    /// <summary>libpq's form: keyword = value pairs separated by spaces; a value in single quotes may hold spaces (\' and \\ escape).</summary>
    private static List<(string, string)> LibpqPairs(string text)
    {
        var pairs = new List<(string, string)>();
        foreach (Match match in LibpqPair().Matches(text))
        {
            var value = match.Groups["quoted"].Success
                ? Regex.Replace(match.Groups["quoted"].Value, @"\\(.)", "$1")
                : match.Groups["plain"].Value;
            pairs.Add((match.Groups["key"].Value, value));
        }
        return pairs;
    }

    private static void Set(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        var keyword = LibpqKeywords.GetValueOrDefault(key.Trim(), key.Trim());
        if (keyword.Equals("SSL Mode", StringComparison.OrdinalIgnoreCase) || keyword.Equals("SslMode", StringComparison.OrdinalIgnoreCase))
        {
            if (!SslModes.TryGetValue(value.Trim(), out var mode))
                throw Invalid($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full");
            builder.SslMode = mode;
            return;
        }
        if (!builder.ContainsKey(keyword))
            throw Invalid($"'{key.Trim()}' is not a PostgreSQL keyword (for a SQLite store, give the file's path alone)");
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid(IsSecretKeyword(keyword) ? $"the value of '{key.Trim()}' cannot be used" : $"'{key.Trim()}' cannot be '{value}'");
        }
    }

    internal static bool IsSecretKeyword(string keyword) =>
        Regex.Replace(keyword, @"[\s_]", "").ToLowerInvariant() is "password" or "pwd" or "sslpassword";

    private static Settings.HarvestSettingsException Invalid(string why) =>
        new($"setting 'database': the PostgreSQL connection string is not valid: {why} (forms: {Forms})");

    /// <summary>
    /// The text with every password replaced by <c>***</c>, in whatever form it is written (also text that is not a
    /// valid connection string), for showing where the store is.
    /// </summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var redacted = UriUserInfo().Replace(text, "$1:***@");
        redacted = UriQuerySecret().Replace(redacted, "$1***");
        if (SchemePrefix().IsMatch(redacted)) return redacted;
        return redacted.Contains(';')
            ? KeywordSecret().Replace(redacted, m => m.Groups["head"].Value + "***")
            : LibpqSecret().Replace(redacted, m => m.Groups["head"].Value + "***");
    }

    [GeneratedRegex(@"^\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*=\s*(?:'(?:[^'\\]|\\.)*'|[^\s']*)\s*)+$")]
    private static partial Regex LibpqPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'(?<quoted>(?:[^'\\]|\\.)*)'|(?<plain>[^\s']*))")]
    private static partial Regex LibpqPair();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@")]
    private static partial Regex UriUserInfo();

    [GeneratedRegex(@"([?&](?:ssl)?password=)[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex UriQuerySecret();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"(?<head>(?:^|;)\s*(?:ssl\s*password|password|pwd)\s*=\s*)(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordSecret();

    [GeneratedRegex(@"(?<head>(?:^|\s)(?:sslpassword|password|pwd)\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex LibpqSecret();
}
