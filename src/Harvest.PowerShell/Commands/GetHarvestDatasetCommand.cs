using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestDataset: datasets of the local catalog, by name (wildcards), id, source or text.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestDataset", DefaultParameterSetName = ByFilter)]
[OutputType(typeof(Dataset))]
public sealed class GetHarvestDatasetCommand : HarvestCmdlet
{
    private const string ByFilter = "ByFilter";
    private const string ById = "ById";

    [Parameter(ParameterSetName = ByFilter, Position = 0)]
    [SupportsWildcards]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[] DatasetId { get; set; } = [];

    /// <summary>Source name or id.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? Source { get; set; }

    [Parameter(ParameterSetName = ByFilter, ValueFromPipelineByPropertyName = true)]
    public string? SourceId { get; set; }

    /// <summary>Text to find in the name, title or description.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    public string? Search { get; set; }

    [Parameter(ParameterSetName = ByFilter)]
    public SwitchParameter IncludeDeleted { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ById)
        {
            ForEachItem(DatasetId, id => WriteObject(Engine.Dataset(id)));
            return;
        }
        try
        {
            var wildcard = WildcardPattern.Get(Name ?? "*", WildcardOptions.IgnoreCase);
            foreach (var dataset in Engine.Datasets(SourceId ?? Source, Search, IncludeDeleted))
                if (wildcard.IsMatch(dataset.Name)) WriteObject(dataset);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, SourceId ?? Source);
        }
    }
}
