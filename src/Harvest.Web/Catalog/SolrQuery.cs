using System.Globalization;
using System.Text;
using Harvest.Engine.Catalog;
using Harvest.Web.Api;

namespace Harvest.Web.Catalog;

/// <summary>
/// The part of Solr's syntax CKAN clients send to package_search, read into a <see cref="DatasetSearch"/>:
/// <c>q</c> as words (or <c>*:*</c> for everything, or <c>field:value</c> terms) and <c>fq</c> as clauses such as
/// <c>organization:a</c>, <c>-organization:b</c>, <c>(groups:a OR groups:b)</c>, <c>tags:"two words"</c> and
/// <c>metadata_modified:[2024-01-01T00:00:00Z TO *]</c>. Anything else is refused with a message naming it.
/// </summary>
public static class SolrQuery
{
    private static readonly Dictionary<string, SearchField> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = SearchField.Id, ["name"] = SearchField.Name, ["title"] = SearchField.Title,
        ["organization"] = SearchField.Organization, ["tags"] = SearchField.Tags, ["groups"] = SearchField.Groups,
        ["metadata_modified"] = SearchField.MetadataModified, ["metadata_created"] = SearchField.MetadataCreated,
    };

    /// <summary>Terms CKAN clients add that hold for every dataset this catalog serves.</summary>
    private static readonly HashSet<string> AlwaysTrue =
        ["dataset_type:dataset", "type:dataset", "state:active", "capacity:public", "+dataset_type:dataset", "+state:active"];

    public static DatasetSearch Parse(string? q, string? fq, string? sort, int rows, int start)
    {
        var words = new List<string>();
        var excluded = new List<string>();
        var clauses = new List<SearchClause>();
        if (!string.IsNullOrWhiteSpace(q) && q.Trim() is not ("*:*" or "*"))
        {
            foreach (var clause in new Reader(q, "q").Clauses(words, excluded)) clauses.Add(clause);
        }
        if (!string.IsNullOrWhiteSpace(fq))
            clauses.AddRange(new Reader(fq, "fq").Clauses(freeText: null, excludedText: null));
        return new DatasetSearch { Words = words, ExcludedWords = excluded, Clauses = clauses, Sort = Sort(sort), Rows = rows, Start = start };
    }

    public static DatasetSort Sort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort)) return new DatasetSort(DatasetSortField.MetadataModified, Descending: true);
        var first = sort.Split(',')[0].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var descending = first.Length > 1 && first[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
        if (first.Length > 1 && !descending && !first[1].Equals("asc", StringComparison.OrdinalIgnoreCase))
            throw new ActionValidationException("sort", $"the direction must be asc or desc, not '{first[1]}'");
        return first[0] switch
        {
            "score" => new DatasetSort(DatasetSortField.MetadataModified, Descending: true),
            "name" => new DatasetSort(DatasetSortField.Name, descending),
            "title" or "title_string" => new DatasetSort(DatasetSortField.Title, descending),
            "id" => new DatasetSort(DatasetSortField.Id, descending),
            "metadata_modified" => new DatasetSort(DatasetSortField.MetadataModified, descending),
            "metadata_created" => new DatasetSort(DatasetSortField.MetadataCreated, descending),
            var other => throw new ActionValidationException("sort",
                $"cannot sort by '{other}': use name, title, id, metadata_modified, metadata_created or score"),
        };
    }

    private sealed class Reader(string text, string parameter)
    {
        private int _at;

        /// <summary>
        /// The clauses of the text. Where free text is allowed (q), its words and "phrases" go to freeText, negated ones
        /// (-word, NOT word) to excludedText, an OR between them is read as AND (every word must match, as CKAN asks
        /// of a q of few words), a quote left open runs to the end, and a ')' without its '(' is ignored.
        /// </summary>
        public IEnumerable<SearchClause> Clauses(List<string>? freeText, List<string>? excludedText)
        {
            var result = new List<SearchClause>();
            while (SkipSpace())
            {
                if (TryKeyword("AND")) continue;
                if (freeText is not null && TryKeyword("OR")) continue;
                if (Peek(')'))
                {
                    // Read as a word, it would be an empty one that never moves the reader on.
                    if (freeText is null) throw Error("a ')' has no '('");
                    _at++;
                    continue;
                }
                var negated = false;
                if (Peek('-')) { negated = true; _at++; }
                else if (Peek('+')) _at++;
                else if (TryKeyword("NOT")) { negated = true; SkipSpace(); }
                if (Peek('('))
                {
                    _at++;
                    var terms = new List<SearchTerm>();
                    while (true)
                    {
                        if (!SkipSpace()) throw Error("a '(' is not closed");
                        if (Peek(')')) { _at++; break; }
                        if (terms.Count > 0 && !TryKeyword("OR")) throw Error("terms inside parentheses must be joined by OR");
                        SkipSpace();
                        if (Term(null) is { } term) terms.Add(term);
                    }
                    if (terms.Count > 0) result.Add(new SearchClause(terms, negated));
                    continue;
                }
                var single = Term(negated ? excludedText : freeText);
                if (single is not null) result.Add(new SearchClause([single], negated));
            }
            return result;
        }

        /// <summary>One field:value term, or (when free text is allowed) a word; null for a term that always holds.</summary>
        private SearchTerm? Term(List<string>? freeText)
        {
            var start = _at;
            var token = ReadWord(stopAtColon: true);
            if (!Peek(':'))
            {
                if (freeText is null) throw Error($"'{token}' is not a field:value term");
                freeText.Add(Unquote(token));
                return null;
            }
            _at++;
            var value = ReadValue();
            if (AlwaysTrue.Contains($"{token}:{value}")) return null;
            if (!Fields.TryGetValue(token, out var field))
            {
                if (freeText is not null && token.Length == 0) { freeText.Add(text[start.._at]); return null; }
                throw Error($"cannot filter on '{token}': use {string.Join(", ", Fields.Keys)}");
            }
            if (field is SearchField.MetadataModified or SearchField.MetadataCreated)
            {
                if (!value.StartsWith('[') || !value.EndsWith(']'))
                    throw Error($"{token} needs a range such as [2024-01-01T00:00:00Z TO *], not '{value}'");
                var parts = value[1..^1].Split(" TO ", StringSplitOptions.TrimEntries);
                if (parts.Length != 2) throw Error($"'{value}' is not a range 'A TO B'");
                return new SearchTerm(field, From: Date(parts[0]), To: Date(parts[1]));
            }
            return new SearchTerm(field, Unquote(value));
        }

        private DateTimeOffset? Date(string text)
        {
            if (text == "*") return null;
            if (text == "NOW") return DateTimeOffset.UtcNow;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                ? date
                : throw Error($"'{text}' is not a date (write 2024-01-31T00:00:00Z, NOW or *)");
        }

        private string ReadValue()
        {
            if (Peek('"'))
            {
                var builder = new StringBuilder("\"");
                _at++;
                while (_at < text.Length && text[_at] != '"')
                {
                    if (text[_at] == '\\' && _at + 1 < text.Length) _at++;
                    builder.Append(text[_at++]);
                }
                if (_at < text.Length) _at++;
                else if (parameter != "q") throw Error("a quote is not closed");
                return builder.Append('"').ToString();
            }
            if (Peek('[') || Peek('{'))
            {
                var end = text.IndexOfAny([']', '}'], _at);
                if (end < 0) throw Error("a range is not closed");
                var range = "[" + text[(_at + 1)..end] + "]";
                _at = end + 1;
                return range;
            }
            return ReadWord(stopAtColon: false);
        }

        private string ReadWord(bool stopAtColon)
        {
            var start = _at;
            if (Peek('"')) return ReadValue();
            while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] != ')' && !(stopAtColon && text[_at] == ':'))
            {
                if (text[_at] == '\\' && _at + 1 < text.Length) _at++;
                _at++;
            }
            return text[start.._at].Replace("\\", "", StringComparison.Ordinal);
        }

        private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

        private bool SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
            return _at < text.Length;
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private bool TryKeyword(string keyword)
        {
            if (string.CompareOrdinal(text, _at, keyword, 0, keyword.Length) != 0) return false;
            var end = _at + keyword.Length;
            if (end < text.Length && !char.IsWhiteSpace(text[end])) return false;
            _at = end;
            return true;
        }

        private ActionValidationException Error(string message) => new(parameter, $"{message} (in '{text}')");
    }
}
