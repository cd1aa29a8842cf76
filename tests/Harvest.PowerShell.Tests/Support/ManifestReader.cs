using System.Text.RegularExpressions;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>Reads the few keys of Harvest.psd1 the tests need (a psd1 is PowerShell data; without pwsh, read its text).</summary>
public static partial class ManifestReader
{
    public static string? Scalar(string text, string key)
    {
        var match = Regex.Match(text, $@"^\s*{key}\s*=\s*'([^']*)'", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The quoted strings of an <c>@(...)</c> value; null when the key is absent.</summary>
    public static IReadOnlyList<string>? List(string text, string key)
    {
        var match = Regex.Match(text, $@"^\s*{key}\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline);
        if (!match.Success) return null;
        return QuotedString().Matches(match.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedString();
}
