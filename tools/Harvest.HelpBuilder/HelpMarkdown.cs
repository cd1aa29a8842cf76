namespace Harvest.HelpBuilder;

/// <summary>
/// The help of one cmdlet as written in docs/help/Verb-Noun.md:
/// <c># Verb-Noun</c>, then <c>## Synopsis</c>, <c>## Description</c>, <c>## Parameters</c> (one
/// <c>### -Name</c> each), <c>## Examples</c> (<c>### Title</c>, a fenced code block, remarks),
/// <c>## Notes</c> (optional).
/// </summary>
public sealed partial record HelpMarkdown(
    string CmdletName,
    string Synopsis,
    string Description,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<HelpExample> Examples,
    string? Notes)
{
    public static HelpMarkdown Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? name = null;
        var sections = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("# ", StringComparison.Ordinal) && name is null) { name = line[2..].Trim(); continue; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) { sections[line[3..].Trim()] = current = []; continue; }
            current?.Add(line);
        }
        if (name is null) throw new FormatException("the file has no '# Verb-Noun' title");

        string Section(string title) => sections.TryGetValue(title, out var body) ? Paragraphs(body) : "";
        var parameters = Subsections(sections.GetValueOrDefault("Parameters") ?? [])
            .ToDictionary(s => s.Title.TrimStart('-'), s => Paragraphs(s.Body), StringComparer.OrdinalIgnoreCase);
        var examples = Subsections(sections.GetValueOrDefault("Examples") ?? []).Select(ParseExample).ToList();
        var notes = Section("Notes");
        return new HelpMarkdown(name, Section("Synopsis"), Section("Description"), parameters, examples, notes.Length == 0 ? null : notes);
    }

    private static HelpExample ParseExample((string Title, List<string> Body) section)
    {
        var code = new List<string>();
        var remarks = new List<string>();
        string? notRun = null;
        var inCode = false;
        foreach (var line in section.Body)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inCode = !inCode; continue; }
            if (!inCode && NotRunMark().Match(line) is { Success: true } mark) { notRun = mark.Groups[1].Value.Trim(); continue; }
            (inCode ? code : remarks).Add(line);
        }
        return new HelpExample(section.Title, string.Join("\n", code).Trim(), Paragraphs(remarks)) { NotRun = notRun };
    }

    private static IEnumerable<(string Title, List<string> Body)> Subsections(List<string> lines)
    {
        (string Title, List<string> Body)? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (current is not null) yield return current.Value;
                current = (line[4..].Trim(), []);
            }
            else current?.Body.Add(line);
        }
        if (current is not null) yield return current.Value;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*<!--\s*not run:(.*?)-->\s*$")]
    private static partial System.Text.RegularExpressions.Regex NotRunMark();

    /// <summary>Lines joined into paragraphs separated by blank lines.</summary>
    private static string Paragraphs(IEnumerable<string> lines) =>
        string.Join("\n\n", string.Join("\n", lines).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join(" ", p.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0));
}

/// <summary>
/// One example. <see cref="NotRun"/> is the reason given by a <c>&lt;!-- not run: REASON --&gt;</c> line in its markdown (left out of the
/// built help) for an example the tests cannot run, such as one that registers a Windows scheduled task.
/// </summary>
public sealed record HelpExample(string Title, string Code, string Remarks)
{
    public string? NotRun { get; init; }
}
