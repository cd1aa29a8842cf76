using Harvest.Engine;
using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Clear-HarvestSourceHistory: removes finished jobs and their objects, of one source or of all.</summary>
[Cmdlet(VerbsCommon.Clear, "HarvestSourceHistory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AllSources)]
[OutputType(typeof(HistoryClearResult))]
public sealed class ClearHarvestSourceHistoryCommand : HarvestCmdlet
{
    private const string AllSources = "AllSources";
    private const string ByName = "ByName";

    [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string[] SourceId { get; set; } = [];

    /// <summary>Keep the jobs that hold current objects.</summary>
    [Parameter]
    public SwitchParameter KeepCurrent { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        IEnumerable<string?> keys = ParameterSetName switch
        {
            ByName => Name,
            ById => SourceId,
            _ => new string?[] { null },
        };
        foreach (var key in keys)
        {
            if (!ShouldProcess(key ?? "all sources", "Remove finished harvest jobs and their objects")) continue;
            try
            {
                var sourceId = key is null ? null : Engine.Sources.Get(key).SourceId;
                var result = Engine.Sources.ClearHistoryBatch(sourceId, KeepCurrent);
                if (result.Remaining > 0)
                    WriteWarning($"removed {result.JobsRemoved} jobs (at most 1000 per call); {result.Remaining} remain: run Clear-HarvestSourceHistory again");
                if (PassThru) WriteObject(result);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, key);
            }
        }
    }
}
