using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Invoke-Harvest: runs gather, fetch and import of each source now, in this session, with no queue
/// (ckanext-harvest's run-test); takes the source's New job or creates one; writes the finished job.
/// A source that cannot be harvested (inactive, busy, unknown) is a non-terminating error and the next source goes on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Harvest", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestJob))]
public sealed class InvokeHarvestCommand : SourceCmdlet
{
    /// <summary>Guids imported even when their content is unchanged.</summary>
    [Parameter]
    public string[] ForceImport { get; set; } = [];

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Harvest now")) return;
        StageProgress? latest = null;
        var options = new RunOptions
        {
            ForceImportGuids = ForceImport.ToHashSet(StringComparer.Ordinal),
            Progress = new Progress<StageProgress>(p => latest = p),
        };
        var activity = $"Harvesting {source.Name}";
        StageProgress? shown = null;
        var report = Await(Engine.Jobs.RunNowAsync(source.SourceId, options, Cancellation), () =>
        {
            if (latest is not { } p || p == shown) return null;
            shown = p;
            return Progress.Stage(activity, p);
        });
        WriteProgress(Progress.Completed(1, activity));
        foreach (var error in report.GatherErrors)
            WriteError(new ErrorRecord(new HarvestException(error.Message), "GatherFailed", ErrorCategory.ReadError, source));
        var job = Outputs.Job(report.Job, source.Name);
        // As the CLI's exit code 1: a job that ended with errored records is an error ($? is false, a pwsh -Command run exits 1).
        if (report.Job.Stats.Errored > 0)
            WriteError(new ErrorRecord(
                new HarvestException($"the harvest of '{source.Name}' ended with {report.Job.Stats.Errored} errored records (job {report.JobId}: Get-HarvestJobReport lists them)"),
                "RecordsErrored", ErrorCategory.InvalidData, job));
        WriteObject(job);
    }
}
