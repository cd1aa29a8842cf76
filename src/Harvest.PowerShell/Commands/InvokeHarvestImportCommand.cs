using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Jobs;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-HarvestImport: imports stored objects again without fetching (ckanext-harvest's import):
/// the current objects of a source, or one object, dataset or guid.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarvestImport", SupportsShouldProcess = true)]
[OutputType(typeof(ReimportResult))]
public sealed class InvokeHarvestImportCommand : HarvestCmdlet
{
    /// <summary>Source name or id.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? Source { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string? SourceId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ObjectId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DatasetNameCompleter))]
    public string? DatasetId { get; set; }

    [Parameter]
    public string? Guid { get; set; }

    /// <summary>Also objects whose dataset is deleted (ckanext-harvest's --no-join-datasets).</summary>
    [Parameter]
    public SwitchParameter IncludeDeletedDatasets { get; set; }

    /// <summary>Only objects whose id starts with one of these hex digits, to split work between sessions.</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-fA-F]+$")]
    public string? Segments { get; set; }

    protected override void Process()
    {
        var target = ObjectId ?? DatasetId ?? Guid ?? SourceId ?? Source ?? "all sources";
        if (!ShouldProcess(target, "Import stored harvest objects again")) return;
        try
        {
            WriteObject(Outputs.Reimport(Engine.Jobs.Reimport(new ReimportRequest
            {
                Source = SourceId ?? Source, ObjectId = ObjectId, DatasetId = DatasetId, Guid = Guid,
                IncludeObjectsOfDeletedDatasets = IncludeDeletedDatasets, Segments = Segments?.ToLowerInvariant(),
            }, Cancellation)));
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, target);
        }
    }
}
