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
    private const string ById = "ById";

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[] JobId { get; set; } = [];

    /// <summary>Source name or id.</summary>
    [Parameter(ParameterSetName = BySource, Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string? Source { get; set; }

    [Parameter(ParameterSetName = BySource, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string? SourceId { get; set; }

    /// <summary>Only jobs with one of these statuses.</summary>
    [Parameter(ParameterSetName = BySource)]
    public JobStatus[]? Status { get; set; }

    /// <summary>At most this many jobs (newest first).</summary>
    [Parameter(ParameterSetName = BySource)]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = 1000;

    protected override void Process()
    {
        if (ParameterSetName == ById)
        {
            ForEachItem(JobId, id => WriteObject(Outputs.Jobs(Engine, [Engine.Jobs.Get(id)]), enumerateCollection: true));
            return;
        }
        var source = SourceId ?? Source;
        try
        {
            var jobs = Status is { Length: > 0 }
                ? Status.Distinct().SelectMany(status => Engine.Jobs.List(source, status, First)).OrderByDescending(j => j.Created).Take(First).ToList()
                : Engine.Jobs.List(source, null, First);
            WriteObject(Outputs.Jobs(Engine, jobs), enumerateCollection: true);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, source);
        }
    }
}
