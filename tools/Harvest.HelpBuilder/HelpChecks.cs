namespace Harvest.HelpBuilder;

/// <summary>What a cmdlet's help must hold: its own name, a synopsis, a description, every parameter, an example.</summary>
public static class HelpChecks
{
    public static IEnumerable<string> Problems(CmdletMetadata cmdlet, HelpMarkdown help)
    {
        if (help.CmdletName != cmdlet.Name) yield return $"title is '{help.CmdletName}', expected '{cmdlet.Name}'";
        if (help.Synopsis.Length == 0) yield return "no synopsis";
        if (help.Description.Length == 0) yield return "no description";
        if (help.Examples.Count == 0) yield return "no example";
        foreach (var example in help.Examples.Where(e => e.Code.Length == 0))
            yield return $"example '{example.Title}' has no code";
        foreach (var parameter in cmdlet.Parameters)
            if (!help.Parameters.TryGetValue(parameter.Name, out var text) || text.Length == 0)
                yield return $"parameter -{parameter.Name} is not described";
        foreach (var extra in help.Parameters.Keys.Where(k => cmdlet.Parameters.All(p => !string.Equals(p.Name, k, StringComparison.OrdinalIgnoreCase))))
            yield return $"describes -{extra}, which {cmdlet.Name} does not have";
    }
}
