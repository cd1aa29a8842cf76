using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;
using Harvest.Engine.Text;

namespace Harvest.Engine.Import;

/// <summary>
/// Unique dataset names (URL slugs) from titles: lower case ASCII letters, digits, '-' and '_',
/// at most 100 characters; a clash gets '-1', '-2', ... or a 5-character random hex suffix.
/// </summary>
internal sealed class DatasetNamer(IHarvestStore store, string suffixStyle)
{
    public const int MaxLength = 100;
    private const int MinLength = 2;

    /// <summary>Names a catalog's own pages use, which a dataset may not take.</summary>
    private static readonly HashSet<string> Reserved = ["new", "edit", "search", "history", "activity", "dataset", "group", "organization"];

    public string UniqueName(string title)
    {
        var slug = Slug(title);
        if (IsFree(slug)) return slug;
        if (suffixStyle == DatasetNameSuffixes.RandomHex)
        {
            while (true)
            {
                var candidate = WithSuffix(slug, "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]);
                if (IsFree(candidate)) return candidate;
            }
        }
        for (var n = 1; ; n++)
        {
            var candidate = WithSuffix(slug, "-" + n.ToString(CultureInfo.InvariantCulture));
            if (IsFree(candidate)) return candidate;
        }
    }

    /// <summary>The name a title asks for, when it is allowed at all; whether another dataset has it is not checked.</summary>
    public static string? FirstChoice(string title)
    {
        var slug = Slug(title);
        return IsAllowed(slug) ? slug : null;
    }

    public static string Slug(string title)
    {
        var builder = new StringBuilder(Math.Min(title.Length, MaxLength + 1));
        foreach (var c in title)
        {
            // Accents stripped by a table, not by Unicode normalization: that needs ICU, which invariant-globalization hosts lack.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            foreach (var lower in AsciiFolding.Fold(c) ?? char.ToLowerInvariant(c).ToString())
            {
                if (lower is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') builder.Append(lower);
                else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
            }
            if (builder.Length > MaxLength) break;
        }
        var slug = builder.ToString();
        if (slug.Length > MaxLength) slug = slug[..MaxLength];
        slug = slug.Trim('-');
        return slug.Length == 0 ? "dataset" : slug;
    }

    private static string WithSuffix(string slug, string suffix) =>
        (slug.Length + suffix.Length > MaxLength ? slug[..(MaxLength - suffix.Length)].TrimEnd('-') : slug) + suffix;

    private bool IsFree(string name) => IsAllowed(name) && !store.DatasetNameTaken(name);

    private static bool IsAllowed(string name) => name.Length >= MinLength && !Reserved.Contains(name);
}
