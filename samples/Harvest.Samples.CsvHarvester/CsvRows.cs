using System.Runtime.CompilerServices;
using System.Text;

namespace Harvest.Samples.CsvHarvester;

/// <summary>Reads CSV rows (RFC 4180: quoted fields may hold the delimiter, line breaks and doubled quotes).</summary>
internal static class CsvRows
{
    public static async IAsyncEnumerable<(List<string> Row, int Line)> ReadAsync(
        TextReader reader, char delimiter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            var start = line;
            if (text.Length == 0) continue;
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; ; i++)
            {
                if (i == text.Length)
                {
                    if (!quoted) break;
                    // A quoted field goes on over the line break.
                    var next = await reader.ReadLineAsync(cancellationToken) ?? throw new FormatException($"line {start}: a quoted field is not closed");
                    line++;
                    field.Append('\n');
                    text = next;
                    i = -1;
                    continue;
                }
                var c = text[i];
                if (quoted)
                {
                    if (c != '"') field.Append(c);
                    else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else if (c == '"') quoted = true;
                else if (c == delimiter) { row.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            row.Add(field.ToString());
            yield return (row, start);
        }
    }
}
