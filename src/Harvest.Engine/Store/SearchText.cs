using System.Globalization;
using System.Text;
using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

/// <summary>
/// The words a free-text search finds in a dataset, made here for both stores and for the query alike: runs of letters,
/// marks and digits, lower case, accents removed, one space between words. Each database's full-text index then splits
/// on spaces and nothing else is left to its own rules, which differ (PostgreSQL's parser keeps "road-works" whole
/// beside its parts, reads "example.org/x" as a URL, and neither database removes accents the way the other does).
/// </summary>
internal static class SearchText
{
    /// <summary>
    /// A word is cut to this many characters (a query's word too): PostgreSQL refuses to index words of 2 KB or more.
    /// </summary>
    private const int MaxWordLength = 100;

    /// <summary>
    /// The words of a dataset beyond this many, or beyond <see cref="MaxCharacters"/>, are not indexed: a tsvector holds
    /// word positions up to 16,383 only (a phrase further on would match differently on the two stores) and at most
    /// 1 MB (200,000 characters are at most 600 KB of UTF-8, plus 7 bytes of entry per word), and a huge description
    /// should not cost a copy of itself.
    /// </summary>
    internal const int MaxWords = 16_000;

    internal const int MaxCharacters = 200_000;

    /// <summary>
    /// Stands between two fields, so that a phrase never runs from one into the next ("works road" in the name road-works
    /// and the title "Road Works"). A word both full-text indexes keep (FTS5's ascii tokenizer takes any non-ASCII
    /// character for a letter, PostgreSQL's parser takes é for one) but no query can ask for, as the words of a query lose
    /// their accents (é is e).
    /// </summary>
    internal const string FieldBreak = "\u00E9";

    /// <summary>The indexed text of a dataset: its name, title and tag names first, then its description, each a field of its own.</summary>
    public static string Of(Dataset d) => string.Join(' ', WordsOf(d));

    /// <summary>
    /// The same words as a tsvector literal, for PostgreSQL: each word once, quoted, with its positions in the text
    /// (<c>'road':1,4 'works':2</c>), as <c>to_tsvector('simple', text)</c> makes them. PostgreSQL reads the literal about
    /// three times faster than it makes the value from the text (its parser looks at every character again: 1.8 s of
    /// 30,000 datasets' words against 0.6 s), and takes the words as they are, whatever the database's locale.
    /// </summary>
    public static string TsVectorOf(Dataset d)
    {
        var words = WordsOf(d);
        // Each distinct word (in the order of its first use) and its positions in order, gathered by a counting sort.
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var wordOf = new int[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            if (!distinct.TryGetValue(words[i], out var w)) distinct[words[i]] = w = distinct.Count;
            wordOf[i] = w;
        }
        var start = new int[distinct.Count + 1];
        foreach (var w in wordOf) start[w + 1]++;
        for (var w = 0; w < distinct.Count; w++) start[w + 1] += start[w];
        var positions = new int[words.Count];
        var filled = start[..^1];
        for (var i = 0; i < words.Count; i++) positions[filled[wordOf[i]]++] = i + 1;

        var literal = new StringBuilder(words.Count * 12);
        foreach (var (word, w) in distinct)
        {
            if (literal.Length > 0) literal.Append(' ');
            literal.Append('\'').Append(word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)).Append("':");
            for (var p = start[w]; p < start[w + 1] && p - start[w] < MaxPositionsPerWord; p++)
            {
                if (p > start[w]) literal.Append(',');
                literal.Append(CultureInfo.InvariantCulture, $"{positions[p]}");
            }
        }
        return literal.ToString();
    }

    /// <summary>to_tsvector keeps the first 255 positions of a word (a tsvector literal could hold 256).</summary>
    private const int MaxPositionsPerWord = 255;

    /// <summary>A dataset's words in order, one <see cref="FieldBreak"/> between two fields.</summary>
    private static List<string> WordsOf(Dataset d)
    {
        var words = new Words(MaxWords, MaxCharacters);
        words.Add(d.Name);
        words.Break();
        words.Add(d.Title);
        foreach (var tag in d.Tags)
        {
            words.Break();
            words.Add(tag);
        }
        words.Break();
        words.Add(d.Notes);
        return words.Ended();
    }

    /// <summary>The words of a query's term, as they were indexed.</summary>
    public static IReadOnlyList<string> WordsOf(string text)
    {
        var words = new Words(int.MaxValue, int.MaxValue);
        words.Add(text);
        return words.List;
    }

    private sealed class Words(int limit, int characterLimit)
    {
        private readonly StringBuilder _word = new();
        private int _characters;
        private bool _full;
        public List<string> List { get; } = [];

        public void Add(string? text)
        {
            if (text is null) return;
            foreach (var rune in text.EnumerateRunes())
            {
                if (_full) return;
                if (rune.IsAscii)
                {
                    var c = (char)rune.Value;
                    if (char.IsAsciiLetterOrDigit(c)) Append(char.ToLowerInvariant(c));
                    else End();
                    continue;
                }
                if (!IsWordRune(rune)) { End(); continue; }
                if (_word.Length >= MaxWordLength) continue;
                // A precomposed letter (é) decomposes into its base letter and combining accents, which are dropped.
                foreach (var part in rune.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
                {
                    if (Rune.GetUnicodeCategory(part) == UnicodeCategory.NonSpacingMark) continue;
                    foreach (var c in Rune.ToLowerInvariant(part).ToString()) Append(c);
                }
            }
            End();
        }

        /// <summary>Ends a field: the next word is not side by side with the last one (one break between two fields, however empty).</summary>
        public void Break()
        {
            if (!_full && List.Count > 0 && List[^1] != FieldBreak) List.Add(FieldBreak);
        }

        /// <summary>The words, without a break after the last field.</summary>
        public List<string> Ended()
        {
            if (List.Count > 0 && List[^1] == FieldBreak) List.RemoveAt(List.Count - 1);
            return List;
        }

        private void Append(char c)
        {
            if (_word.Length < MaxWordLength) _word.Append(c);
        }

        private void End()
        {
            if (_word.Length == 0) return;
            // A cut that would split a surrogate pair drops its first half.
            if (char.IsHighSurrogate(_word[^1])) _word.Length--;
            if (_word.Length > 0 && !_full)
            {
                _characters += _word.Length;
                if (List.Count >= limit || _characters > characterLimit) _full = true;
                else List.Add(_word.ToString());
            }
            _word.Clear();
        }

        private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}
