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

    private void List(string? source, object? target)
    {
        IReadOnlyList<Dataset> datasets;
        try
        {
            datasets = Engine.Datasets(source, Search, IncludeDeleted);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, target);
            return;
        }
        foreach (var pattern in Name ?? ["*"])
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = datasets.Where(d => wildcard.IsMatch(d.Name)).ToList();
            // As Get-HarvestSource does: a name without wildcards that matches nothing is an error, a pattern that matches nothing is not.
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                WriteHarvestError(new HarvestNotFoundException(HarvestEntity.Dataset,
                    $"no dataset is named '{pattern}'{(source is null ? "" : $" in source '{source}'")}"), pattern);
            WriteObject(matches.Select(Outputs.Dataset).ToList(), enumerateCollection: true);
        }
    }
}
