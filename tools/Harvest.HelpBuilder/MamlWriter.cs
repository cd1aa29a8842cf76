using System.Xml.Linq;

namespace Harvest.HelpBuilder;

/// <summary>Writes PowerShell external help (MAML) for cmdlets from their metadata and their markdown help.</summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<(CmdletMetadata Cmdlet, HelpMarkdown Help)> cmdlets) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                cmdlets.Select(c => CommandElement(c.Cmdlet, c.Help))));

    /// <summary>The parameters SupportsShouldProcess adds, with the descriptions Get-Help shows for them.</summary>
    private static readonly (ParameterMetadata Parameter, string Description)[] ShouldProcessParameters =
    [
        (Common("WhatIf", "wi"), "Shows what the command would do, without doing it. Nothing is changed, and a store that does not exist yet is not created."),
        (Common("Confirm", "cf"), "Asks for confirmation before each change."),
    ];

    private static ParameterMetadata Common(string name, string alias) =>
        new(name, "SwitchParameter", IsSwitch: true, SupportsWildcards: false, [alias],
            [new ParameterSetMetadata(ParameterSetMetadata.AllSets, Mandatory: false, Position: null, ValueFromPipeline: false, ValueFromPipelineByPropertyName: false)]);

    private static CmdletMetadata WithCommonParameters(CmdletMetadata cmdlet) =>
        cmdlet.SupportsShouldProcess ? cmdlet with { Parameters = [.. cmdlet.Parameters, .. ShouldProcessParameters.Select(p => p.Parameter)] } : cmdlet;

    private static string DescriptionOf(ParameterMetadata parameter, HelpMarkdown help) =>
        help.Parameters.TryGetValue(parameter.Name, out var text) ? text : ShouldProcessParameters.Single(p => p.Parameter.Name == parameter.Name).Description;

    private static XElement CommandElement(CmdletMetadata documented, HelpMarkdown help)
    {
        var cmdlet = WithCommonParameters(documented);
        return CommandElement(cmdlet, help, cmdlet.Parameters);
    }

    private static XElement CommandElement(CmdletMetadata cmdlet, HelpMarkdown help, IReadOnlyList<ParameterMetadata> parameters) =>
        new(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                Description(help.Synopsis),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun)),
            Description(help.Description),
            new XElement(Command + "syntax", SyntaxItems(cmdlet)),
            new XElement(Command + "parameters", parameters.Select(p => Parameter(p, p.Sets[0], DescriptionOf(p, help)))),
            new XElement(Command + "returnValues", cmdlet.OutputTypes.Select(t =>
                new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t))))),
            help.Notes is null ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select((e, i) =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {i + 1}: {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paragraphs(e.Remarks))))));

    private static IEnumerable<XElement> SyntaxItems(CmdletMetadata cmdlet)
    {
        var setNames = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName)
            .Where(n => n != ParameterSetMetadata.AllSets).Distinct().ToList();
        if (setNames.Count == 0) setNames.Add(ParameterSetMetadata.AllSets);
        foreach (var set in setNames)
        {
            yield return new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", cmdlet.Name),
                cmdlet.Parameters
                    .Select(p => (Parameter: p, Set: p.Sets.FirstOrDefault(s => s.SetName == set) ?? p.Sets.FirstOrDefault(s => s.SetName == ParameterSetMetadata.AllSets)))
                    .Where(p => p.Set is not null)
                    .OrderBy(p => p.Set!.Position ?? int.MaxValue)
                    .Select(p => Parameter(p.Parameter, p.Set!, description: null)));
        }
    }

    private static XElement Parameter(ParameterMetadata parameter, ParameterSetMetadata set, string? description) =>
        new(Command + "parameter",
            new XAttribute("required", set.Mandatory ? "true" : "false"),
            new XAttribute("position", set.Position?.ToString() ?? "named"),
            new XAttribute("pipelineInput", PipelineInput(set)),
            new XAttribute("globbing", parameter.SupportsWildcards ? "true" : "false"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            description is null ? null : Description(description),
            parameter.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), parameter.TypeName),
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeName)));

    private static string PipelineInput(ParameterSetMetadata set) =>
        (set.ValueFromPipeline, set.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => new XElement(Maml + "para", p));
}
