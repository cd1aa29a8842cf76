using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestJobReport: what a job did: counts, gather errors and object errors with guids and original URLs.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestJobReport", DefaultParameterSetName = ById)]
[OutputType(typeof(JobReport))]
public sealed class GetHarvestJobReportCommand : JobCmdlet
{
    protected override void ProcessJob(HarvestJob job) => WriteObject(Outputs.Report(Engine.Jobs.Report(job.JobId)));
}
