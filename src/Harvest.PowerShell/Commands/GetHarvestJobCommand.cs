using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestJob: jobs newest first, by id, by source, by status; running jobs carry live counts.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestJob", DefaultParameterSetName = BySource)]
[OutputType(typeof(HarvestJob))]
public sealed class GetHarvestJobCommand : HarvestCmdlet
{
    private const string BySource = "BySource";
    private const string BySourceObject = "BySourceObject";

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[] JobId { get; set; } = [];

    /// <summary>Source name or id.</summary>
    [Parameter(ParameterSetName = BySource, Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? Source { get; set; }

    /// <summary>
    /// Source id. Not taken from the pipeline by property name: a job or report piped in would then match both this and -JobId,
    /// and PowerShell would pick this set (the default), listing every job of the source.
    /// </summary>
    [Parameter(ParameterSetName = BySource)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string? SourceId { get; set; }

    /// <summary>Sources whose jobs to get, from the pipeline (Get-HarvestSource | Get-HarvestJob).</summary>
    [Parameter(ParameterSetName = BySourceObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestSource[] InputObject { get; set; } = [];

    /// <summary>Only jobs with one of these statuses.</summary>
    [Parameter(ParameterSetName = BySource)]
    [Parameter(ParameterSetName = BySourceObject)]
    public JobStatus[]? Status { get; set; }

    /// <summary>At most this many jobs (newest first).</summary>
    [Parameter(ParameterSetName = BySource)]
    [Parameter(ParameterSetName = BySourceObject)]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = 1000;

    protected override void Process()
    {
        if (ParameterSetName == ById)
        {
            ForEachItem(JobId, id => WriteObject(Outputs.Jobs(Engine, [Engine.Jobs.Get(id)]), enumerateCollection: true));
            return;
        }
        if (ParameterSetName == BySourceObject)
        {
            foreach (var source in InputObject) List(source.SourceId, source);
            return;
        }
        List(SourceId ?? Source, SourceId ?? Source);
    }

    private void List(string? source, object? target)
    {
        try
        {
            var jobs = Status is { Length: > 0 }
                ? Status.Distinct().SelectMany(status => Engine.Jobs.List(source, status, First)).OrderByDescending(j => j.Created).Take(First).ToList()
                : Engine.Jobs.List(source, null, First);
            WriteObject(Outputs.Jobs(Engine, jobs), enumerateCollection: true);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, target);
        }
    }
}
