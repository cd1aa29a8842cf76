using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Start-HarvestJob: creates a New job for each source (ckanext-harvest's job / job-all); consumers or
/// Invoke-Harvest carry it out. A source has at most one New or Running job.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "HarvestJob", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestJob))]
public sealed class StartHarvestJobCommand : SourceCmdlet
{
    private const string All = "All";

    /// <summary>A job for every active source that has none New or Running.</summary>
    [Parameter(ParameterSetName = All, Mandatory = true)]
    public SwitchParameter AllSources { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != All)
        {
            base.ProcessRecord();
            return;
        }
        var active = Engine.Sources.List().ToDictionary(s => s.Name);
        ForEachItem(active.Keys, name => Process(active[name]));
    }

    protected override void Process(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Create a harvest job")) return;
        WriteObject(Engine.Jobs.Create(source.SourceId));
    }
}
