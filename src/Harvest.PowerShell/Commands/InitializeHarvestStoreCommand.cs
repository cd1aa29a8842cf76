using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Initialize-HarvestStore: creates or upgrades the store's tables (ckanext-harvest's initdb).</summary>
[Cmdlet(VerbsData.Initialize, "HarvestStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class InitializeHarvestStoreCommand : HarvestCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        if (!ShouldProcess(StoreDisplayName(Settings), "Create or upgrade the Harvest store")) return;
        var info = Engine.Initialize();
        if (PassThru) WriteObject(info);
    }
}
