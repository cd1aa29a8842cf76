using System.Security.Cryptography;
using System.Text;
using Harvest.Harvesters.Dcat.Rdf;

namespace Harvest.Harvesters.Dcat.Tests.Support;

/// <summary>
/// Compares graphs up to blank node renaming. Each blank node gets a colour by iterative hashing of its
/// neighbourhood (the triples it is in, with the colours of the other blank nodes) until the colours stop
/// splitting; the triples, written with colours for blank nodes, are then compared as multisets. Not a full
/// isomorphism test (two different graphs of perfectly regular blank nodes could pass), but exact for graphs
/// like catalogs where blank nodes differ by what they hang from or hold.
/// </summary>
public static class GraphComparer
{
    public static IReadOnlyList<string> Canonical(IReadOnlyCollection<Triple> triples)
    {
        var distinct = triples.Distinct().ToList();
        var nodes = distinct.SelectMany(t => new[] { t.Subject, t.Object }).OfType<BlankNode>().Distinct().ToList();
        var colour = nodes.ToDictionary(n => n, _ => "0");
        var classes = 1;
        for (var round = 0; round <= nodes.Count; round++)
        {
            var signatures = nodes.ToDictionary(n => n, _ => new List<string>());
            foreach (var t in distinct)
            {
                if (t.Subject is BlankNode s) signatures[s].Add("out " + t.Predicate + " " + Show(t.Object, colour));
                if (t.Object is BlankNode o) signatures[o].Add("in " + Show(t.Subject, colour) + " " + t.Predicate);
            }
            var next = nodes.ToDictionary(n => n, n =>
            {
                var list = signatures[n];
                list.Sort(StringComparer.Ordinal);
                return Hash(colour[n] + "\n" + string.Join("\n", list));
            });
            var nextClasses = next.Values.Distinct().Count();
            colour = next;
            if (nextClasses == classes && round > 0) break;
            classes = nextClasses;
        }
        var lines = distinct.Select(t => Show(t.Subject, colour) + " " + t.Predicate + " " + Show(t.Object, colour) + " .").ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Null when the graphs are the same, else the lines found in only one of them.</summary>
    public static string? Difference(IReadOnlyCollection<Triple> expected, IReadOnlyCollection<Triple> actual)
    {
        var a = Canonical(expected);
        var b = Canonical(actual);
        if (a.SequenceEqual(b)) return null;
        var onlyExpected = Subtract(a, b);
        var onlyActual = Subtract(b, a);
        var sb = new StringBuilder();
        sb.Append($"expected {expected.Count} triples, got {actual.Count}\n");
        foreach (var line in onlyExpected.Take(20)) sb.Append("- ").Append(line).Append('\n');
        foreach (var line in onlyActual.Take(20)) sb.Append("+ ").Append(line).Append('\n');
        return sb.ToString();
    }

    private static List<string> Subtract(IEnumerable<string> from, IEnumerable<string> take)
    {
        var counts = take.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<string>();
        foreach (var line in from)
        {
            if (counts.TryGetValue(line, out var n) && n > 0) counts[line] = n - 1;
            else result.Add(line);
        }
        return result;
    }

    private static string Show(RdfTerm term, Dictionary<BlankNode, string> colour) =>
        term is BlankNode node ? "_:c" + colour[node] : term.ToString();

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
