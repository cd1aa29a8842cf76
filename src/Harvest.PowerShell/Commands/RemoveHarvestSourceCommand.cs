using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Remove-HarvestSource: deletes a source with its datasets, jobs and objects.</summary>
[Cmdlet(VerbsCommon.Remove, "HarvestSource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class RemoveHarvestSourceCommand : SourceCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Delete harvest source with its datasets, jobs and objects")) return;
        var removed = Engine.Sources.Delete(source.SourceId);
        if (PassThru) WriteObject(Outputs.Source(removed));
    }
}
