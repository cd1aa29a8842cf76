using Harvest.Engine;
using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestSource: lists sources, by name (wildcards) or id.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestSource", DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class GetHarvestSourceCommand : HarvestCmdlet
{
    private const string ByName = "ByName";

    [Parameter(ParameterSetName = ByName, Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string[] SourceId { get; set; } = [];

    /// <summary>Also inactive (removed) sources.</summary>
    [Parameter]
    public SwitchParameter IncludeInactive { get; set; }

    protected override void Process()
    {
        if (ParameterSetName == ById)
        {
            ForEachItem(SourceId, id => WriteObject(Outputs.SourceWithSummary(Engine, Engine.Sources.Get(id))));
            return;
        }
        var sources = Engine.Sources.List(IncludeInactive || Name is not null);
        foreach (var pattern in Name ?? ["*"])
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = sources.Where(s => wildcard.IsMatch(s.Name) && (IncludeInactive || s.Active || Name is not null)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                WriteHarvestError(new HarvestNotFoundException(HarvestEntity.Source, $"no harvest source is named '{pattern}'"), pattern);
            foreach (var source in matches)
            {
                if (Stopping) return;
                WriteObject(Outputs.SourceWithSummary(Engine, source));
            }
        }
    }
}
