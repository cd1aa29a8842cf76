using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Clear-HarvestSource: removes a source's datasets, jobs and objects; the source stays.</summary>
[Cmdlet(VerbsCommon.Clear, "HarvestSource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class ClearHarvestSourceCommand : SourceCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Remove the source's datasets, jobs and objects")) return;
        var cleared = Engine.Sources.Clear(source.SourceId);
        if (PassThru) WriteObject(Outputs.Source(cleared));
    }
}
