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
    private const string BySource = "BySource";

    [Parameter(ParameterSetName = ByFilter, Position = 0)]
    [Parameter(ParameterSetName = BySource, Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DatasetNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DatasetNameCompleter))]
    public string[] DatasetId { get; set; } = [];

    /// <summary>Source name or id.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? Source { get; set; }

    /// <summary>
    /// Source id. Not taken from the pipeline by property name: a dataset or object piped in would then match both this and
    /// -DatasetId, and PowerShell would pick this set (the default), listing the source's datasets for each one.
    /// </summary>
    [Parameter(ParameterSetName = ByFilter)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string? SourceId { get; set; }

    /// <summary>Sources whose datasets to get, from the pipeline (Get-HarvestSource | Get-HarvestDataset).</summary>
    [Parameter(ParameterSetName = BySource, Mandatory = true, ValueFromPipeline = true)]
    public HarvestSource[] InputObject { get; set; } = [];

    /// <summary>Text to find in the name, title or description.</summary>
    [Parameter(ParameterSetName = ByFilter)]
    [Parameter(ParameterSetName = BySource)]
    public string? Search { get; set; }

    [Parameter(ParameterSetName = ByFilter)]
    [Parameter(ParameterSetName = BySource)]
    public SwitchParameter IncludeDeleted { get; set; }

    protected override void Process()
    {
        if (ParameterSetName == ById)
        {
            ForEachItem(DatasetId, id => WriteObject(Outputs.Dataset(Engine.Dataset(id))));
            return;
        }
        if (ParameterSetName == BySource)
        {
            foreach (var source in InputObject) List(source.SourceId, source);
            return;
        }
        List(SourceId ?? Source, SourceId ?? Source);
    }

    /// <summary>
    /// Writes the datasets as the engine reads them, a page at a time (the first at once, flat memory for any catalog), each
    /// once, in name order, when it matches any of the -Name patterns.
    /// </summary>
    private void List(string? source, object? target)
    {
        var patterns = (Name ?? ["*"]).Select(p => (Text: p, Wildcard: WildcardPattern.Get(p, WildcardOptions.IgnoreCase))).ToList();
        var unmatchedNames = patterns.Select(p => p.Text).Where(p => !WildcardPattern.ContainsWildcardCharacters(p)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var dataset in Engine.EnumerateDatasets(source, Search, IncludeDeleted))
            {
                if (Stopping) return;
                var matched = false;
                foreach (var (text, wildcard) in patterns)
                {
                    if (!wildcard.IsMatch(dataset.Name)) continue;
                    matched = true;
                    unmatchedNames.Remove(text);
                }
                if (matched) WriteObject(Outputs.Dataset(dataset));
            }
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, target);
            return;
        }
        // As Get-HarvestSource does: a name without wildcards that matches nothing is an error, a pattern that matches nothing is not.
        foreach (var name in patterns.Select(p => p.Text).Where(unmatchedNames.Contains))
            WriteHarvestError(new HarvestNotFoundException(HarvestEntity.Dataset,
                $"no dataset is named '{name}'{(source is null ? "" : $" in source '{source}'")}"), name);
    }
}
