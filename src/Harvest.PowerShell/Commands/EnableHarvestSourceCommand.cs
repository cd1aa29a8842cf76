using System.Management.Automation;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.PowerShell.Commands;

/// <summary>Enable-HarvestSource: reactivates a source that Disable-HarvestSource deactivated, so that it can be harvested again.</summary>
[Cmdlet(VerbsLifecycle.Enable, "HarvestSource", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class EnableHarvestSourceCommand : SourceCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Reactivate harvest source")) return;
        var enabled = Engine.Sources.Update(source.SourceId, new SourceUpdateRequest { Active = true });
        if (PassThru) WriteObject(Outputs.Source(enabled));
    }
}
