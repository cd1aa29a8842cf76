using System.Text.RegularExpressions;
using Harvest.Engine.Store;

namespace Harvest.Engine.Settings;

/// <summary>What a <c>database</c> setting names.</summary>
internal enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// Tells a SQLite path from a PostgreSQL connection string, and refuses values that are neither (a bare number, another
/// database's URL or connection string) instead of creating a SQLite file named after them.
/// </summary>
internal static partial class DatabaseSetting
{
    /// <exception cref="HarvestSettingsException">naming the value (without its password) and the forms accepted.</exception>
    public static DatabaseKind Classify(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
            throw Refused(text, "it is empty");
        if (PostgresConnectionString.IsUri(text) || KeywordStart().IsMatch(text))
        {
            PostgresConnectionString.Parse(text);
            return DatabaseKind.Postgres;
        }
        if (OtherUrl().Match(text) is { Success: true } url)
            throw Refused(text, $"'{url.Groups[1].Value}:' URLs are not stores Harvest can use");
        if (text.All(char.IsAsciiDigit))
            throw Refused(text, "it is a number");
        return DatabaseKind.Sqlite;
    }

    /// <summary>True for text in one of the PostgreSQL forms, valid or not.</summary>
    public static bool LooksLikePostgres(string value)
    {
        var text = value.Trim();
        return PostgresConnectionString.IsUri(text) || KeywordStart().IsMatch(text);
    }

    private static HarvestSettingsException Refused(string text, string why) => new(
        $"setting 'database' is '{PostgresConnectionString.Redact(text)}', which is neither a SQLite file path nor a PostgreSQL connection string: {why} " +
        $"(a PostgreSQL store is {PostgresConnectionString.Forms}; a file whose name looks like this is written as ./name)");

    /// <summary>A connection string starts with a keyword and '=' (a path that holds '=' starts with '/', '.' or a drive).</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9 _]*=")]
    private static partial Regex KeywordStart();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex OtherUrl();
}
