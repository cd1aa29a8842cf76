using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Clear-HarvestLog: removes database log entries older than the log_timeframe setting (clean-harvest-log).</summary>
[Cmdlet(VerbsCommon.Clear, "HarvestLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LogCleanResult))]
public sealed class ClearHarvestLogCommand : HarvestCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var days = Settings.LogTimeframe;
        if (!ShouldProcess("harvest log", $"Remove entries older than {days} days (setting log_timeframe)")) return;
        try
        {
            var result = Engine.Logs.Clean();
            if (PassThru) WriteObject(result);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, "harvest log");
        }
    }
}
