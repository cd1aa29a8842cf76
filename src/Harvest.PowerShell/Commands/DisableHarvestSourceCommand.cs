using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Disable-HarvestSource: deactivates a source (ckanext-harvest's "source remove"); its New jobs are aborted, datasets stay.</summary>
[Cmdlet(VerbsLifecycle.Disable, "HarvestSource", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class DisableHarvestSourceCommand : SourceCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Deactivate harvest source")) return;
        var disabled = Engine.Sources.Deactivate(source.SourceId);
        if (PassThru) WriteObject(Outputs.Source(disabled));
    }
}
