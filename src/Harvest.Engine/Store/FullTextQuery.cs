using System.Text;

namespace Harvest.Engine.Store;

/// <summary>
/// One free-text term of a search: its words in order (a phrase when more than one), the last a prefix when the term
/// ended in '*'. Written out in each database's query syntax with every word quoted, so no user text is ever read as
/// an operator (OR, NOT, NEAR, -, ^, parentheses, column filters).
/// </summary>
internal sealed record FullTextQuery(IReadOnlyList<string> Words, bool Prefix)
{
    /// <summary>The term's query, or null when it holds no word (punctuation only): such a term is ignored.</summary>
    public static FullTextQuery? Parse(string term)
    {
        var words = SearchText.WordsOf(term);
        return words.Count == 0 ? null : new FullTextQuery(words, term.TrimEnd().EndsWith('*'));
    }

    /// <summary>The queries of the terms that hold a word.</summary>
    public static List<FullTextQuery> ParseAll(IEnumerable<string> terms) => terms.Select(Parse).OfType<FullTextQuery>().ToList();

    /// <summary>An FTS5 MATCH expression requiring every term: "a b" is a phrase, "a" * a prefix, terms side by side AND.</summary>
    public static string Fts5(IEnumerable<FullTextQuery> terms) => string.Join(' ', terms.Select(t =>
        "\"" + string.Join(' ', t.Words).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (t.Prefix ? " *" : "")));

    /// <summary>
    /// A tsquery literal requiring every term: 'a' &lt;-&gt; 'b' is a phrase, 'a':* a prefix, terms joined by &amp;. Its words are
    /// taken as they are, as the indexed ones are (<see cref="SearchText.TsVectorOf"/>).
    /// </summary>
    public static string TsQuery(IEnumerable<FullTextQuery> terms) => string.Join(" & ", terms.Select(t =>
    {
        var phrase = new StringBuilder("(");
        for (var i = 0; i < t.Words.Count; i++)
        {
            if (i > 0) phrase.Append(" <-> ");
            phrase.Append('\'').Append(t.Words[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            if (t.Prefix && i == t.Words.Count - 1) phrase.Append(":*");
        }
        return phrase.Append(')').ToString();
    }));
}
