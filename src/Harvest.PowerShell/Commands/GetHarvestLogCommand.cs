using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>Get-HarvestLog: the database log (ckanext-harvest's harvest_log_list), newest first.</summary>
[Cmdlet(VerbsCommon.Get, "HarvestLog")]
[OutputType(typeof(HarvestLogEntry))]
public sealed class GetHarvestLogCommand : HarvestCmdlet
{
    /// <summary>Only entries of this level.</summary>
    [Parameter(Position = 0)]
    [ValidateSet("debug", "info", "warning", "error", IgnoreCase = true)]
    public string? Level { get; set; }

    /// <summary>At most this many entries.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int First { get; set; } = 100;

    /// <summary>Skip this many of the newest entries first.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Skip { get; set; }

    protected override void Process()
    {
        try
        {
            foreach (var entry in Engine.Logs.List(Level, First, Skip)) WriteObject(entry);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, Level);
        }
    }
}
