namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>A literal of a description: its text, its language tag and its datatype (prefixed), either may be null.</summary>
internal sealed record LiteralText(string Text, string? Language, string? Datatype);

/// <summary>
/// Which of a property's literals a dataset field takes, given the source config's <c>language</c>. For one value
/// (a title): the literal in that language (exact tag, else the same primary language: "en" takes "en-GB"), else the
/// literal without a language tag, else the one whose tag sorts first. Without a configured language: the untagged
/// literal, else the one whose tag sorts first. For a list (keywords): the untagged literals plus those in the chosen
/// language, the same way.
/// </summary>
internal sealed class LanguagePreference(string? language)
{
    public string? Language { get; } = string.IsNullOrWhiteSpace(language) ? null : language.Trim();

    public string? One(IEnumerable<LiteralText> literals)
    {
        var all = literals.ToList();
        if (all.Count == 0) return null;
        var chosen = Chosen(all);
        if (Language is not null && chosen is not null) return all.First(l => Same(l.Language, chosen)).Text;
        return (all.FirstOrDefault(l => l.Language is null) ?? all.First(l => Same(l.Language, chosen))).Text;
    }

    public IEnumerable<string> Many(IEnumerable<LiteralText> literals)
    {
        var all = literals.ToList();
        var chosen = Chosen(all);
        return all.Where(l => l.Language is null || Same(l.Language, chosen)).Select(l => l.Text);
    }

    /// <summary>The language tag whose literals are taken: the configured one when present, else the first tag.</summary>
    private string? Chosen(List<LiteralText> literals)
    {
        var tags = literals.Select(l => l.Language).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count == 0) return null;
        if (Language is not null)
        {
            var exact = tags.FirstOrDefault(t => Same(t, Language));
            if (exact is not null) return exact;
            var primary = Primary(Language);
            var near = tags.FirstOrDefault(t => Same(Primary(t), primary));
            if (near is not null) return near;
            if (literals.Any(l => l.Language is null)) return null;
        }
        return tags[0];
    }

    private static string Primary(string tag) => tag.Split('-')[0];

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
