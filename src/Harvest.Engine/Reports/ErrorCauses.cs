using System.Text.RegularExpressions;
using Harvest.Engine.Model;

namespace Harvest.Engine.Reports;

/// <summary>
/// Groups error messages by their cause: "record #3 (line 12) 'a' has no title" and "record #9 (line 40) 'b' has no
/// title" are one cause, counted twice, with 'a' and 'b' as examples. Only the parts that name a particular record are
/// set aside (quoted values, record numbers, lines, URLs, value excerpts); other numbers stay, since they may be the cause.
/// </summary>
internal static partial class ErrorCauses
{
    public const int ExamplesPerCause = 3;

    [GeneratedRegex("""https?://\S+?(?=[\s;,)]|:\s|$)|'[^']*'|"[^"]*"|#\d+|\bline \d+|\(value: [^)]*\)|\bstart=\d+""")]
    private static partial Regex Particulars();

    /// <summary>The message with what names a particular record replaced by '…'.</summary>
    public static string Of(string message) => Particulars().Replace(message, m => m.Value switch
    {
        ['\'', ..] => "'…'",
        ['"', ..] => "\"…\"",
        ['#', ..] => "#…",
        ['l', ..] => "line …",
        ['(', ..] => "(value: …)",
        ['s', ..] => "start=…",
        _ => "…",
    });

    /// <summary>The most frequent causes among distinct messages with their counts, most frequent first.</summary>
    public static IReadOnlyList<MessageCount> Top(IEnumerable<MessageCount> messages, int limit)
    {
        var causes = new Dictionary<string, (int Count, List<string> Examples)>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var cause = Of(message.Message);
            if (!causes.TryGetValue(cause, out var entry)) entry = (0, []);
            // The first few guids in order, whatever order the messages came in.
            foreach (var example in message.Examples)
                if (!entry.Examples.Contains(example)) entry.Examples.Add(example);
            if (entry.Examples.Count > ExamplesPerCause)
            {
                entry.Examples.Sort(StringComparer.Ordinal);
                entry.Examples.RemoveRange(ExamplesPerCause, entry.Examples.Count - ExamplesPerCause);
            }
            causes[cause] = (entry.Count + message.Count, entry.Examples);
        }
        return [.. causes.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(limit)
            .Select(c => new MessageCount(c.Key, c.Value.Count) { Examples = [.. c.Value.Examples.Order(StringComparer.Ordinal)] })];
    }
}
