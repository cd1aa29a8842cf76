using System.Management.Automation;
using Harvest.Engine.Harvesters;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestSourceType: the harvester types and their config keys (ckanext-harvest's harvesters-info).</summary>
[Cmdlet(VerbsCommon.Get, "HarvestSourceType")]
[OutputType(typeof(HarvesterInfo))]
public sealed class GetHarvestSourceTypeCommand : HarvestCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SourceTypeCompleter))]
    public string? Name { get; set; }

    protected override void Process()
    {
        var wildcard = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
        WriteObject(Engine.Registry.List().Where(h => wildcard.IsMatch(h.Name)), enumerateCollection: true);
    }
}
