using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-Harvest: runs gather, fetch and import of each source now, in this session, with no queue
/// (ckanext-harvest's run-test); takes the source's New job or creates one; writes the finished job.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Harvest", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestJob))]
public sealed class InvokeHarvestCommand : SourceCmdlet
{
    /// <summary>Guids imported even when their content is unchanged.</summary>
    [Parameter]
    public string[] ForceImport { get; set; } = [];

    protected override void Process(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Harvest now")) return;
        StageProgress? latest = null;
        var options = new RunOptions
        {
            ForceImportGuids = ForceImport.ToHashSet(StringComparer.Ordinal),
            Progress = new Progress<StageProgress>(p => latest = p),
        };
        var record = new ProgressRecord(1, $"Harvesting {source.Name}", "starting");
        var report = Await(Engine.Jobs.RunNowAsync(source.SourceId, options, Cancellation), () =>
        {
            if (latest is not { } p) return null;
            record.StatusDescription = p.Total is { } total ? $"{p.Stage}: {p.Done} of {total}" : $"{p.Stage}: {p.Done}";
            record.PercentComplete = p.Total is > 0 ? Math.Min(100, p.Done * 100 / p.Total.Value) : -1;
            return record;
        });
        record.RecordType = ProgressRecordType.Completed;
        WriteProgress(record);
        foreach (var error in report.GatherErrors)
            WriteError(new ErrorRecord(new HarvestException(error.Message), "GatherFailed", ErrorCategory.ReadError, source));
        WriteObject(report.Job);
    }
}
