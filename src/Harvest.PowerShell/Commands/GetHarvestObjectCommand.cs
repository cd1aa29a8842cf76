using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestObject: harvest objects by id, or of a job or source, filtered by guid, state, report status or current.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestObject", DefaultParameterSetName = ByJob)]
[OutputType(typeof(HarvestObject))]
public sealed class GetHarvestObjectCommand : HarvestCmdlet
{
    private const string ByJob = "ByJob";

    [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] ObjectId { get; set; } = [];

    /// <summary>Objects to get again (with -IncludeContent, their content), from the pipeline.</summary>
    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestObject[] InputObject { get; set; } = [];

    [Parameter(ParameterSetName = ByJob, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string? JobId { get; set; }

    [Parameter(ParameterSetName = ByJob, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string? SourceId { get; set; }

    [Parameter(ParameterSetName = ByJob)]
    public string? Guid { get; set; }

    [Parameter(ParameterSetName = ByJob)]
    public ObjectState? State { get; set; }

    [Parameter(ParameterSetName = ByJob)]
    public ReportStatus? ReportStatus { get; set; }

    /// <summary>Only current objects (the newest successfully imported one of each dataset).</summary>
    [Parameter(ParameterSetName = ByJob)]
    public SwitchParameter Current { get; set; }

    /// <summary>Include each object's content (left out by default: it can be large).</summary>
    [Parameter]
    public SwitchParameter IncludeContent { get; set; }

    protected override void Process()
    {
        if (ParameterSetName is ById or ByInputObject)
        {
            ForEachItem(ParameterSetName == ById ? ObjectId : InputObject.Select(o => o.ObjectId), id =>
            {
                var found = Engine.Object(id);
                WriteObject(Outputs.Object(IncludeContent ? found : found with { Content = null }));
            });
            return;
        }
        try
        {
            // A job's objects belong to its source; filter by source only when no job is named.
            var sourceId = JobId is null && SourceId is not null ? Engine.Sources.Get(SourceId).SourceId : null;
            var query = new ObjectQuery(
                JobId: JobId, SourceId: sourceId, Guid: Guid, State: State, ReportStatus: ReportStatus,
                Current: Current ? true : null, IncludeContent: IncludeContent);
            foreach (var harvestObject in Engine.Objects(query))
            {
                if (Stopping) return;
                WriteObject(Outputs.Object(harvestObject));
            }
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, JobId ?? SourceId);
        }
    }
}
