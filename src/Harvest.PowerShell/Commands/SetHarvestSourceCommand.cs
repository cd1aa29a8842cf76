using System.Management.Automation;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.PowerShell.Commands;

/// <summary>Set-HarvestSource: changes a source; parameters not given stay as they are.</summary>
[Cmdlet(VerbsCommon.Set, "HarvestSource", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(HarvestSource))]
public sealed class SetHarvestSourceCommand : SourceCmdlet
{
    [Parameter]
    public string? NewName { get; set; }

    [Parameter]
    public string? Url { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(SourceTypeCompleter))]
    public string? Type { get; set; }

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public HarvestFrequency? Frequency { get; set; }

    [Parameter]
    public string? Organization { get; set; }

    /// <summary>The source's own JSON config; replaces the current one.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConfigKeyCompleter))]
    public string? Config { get; set; }

    /// <summary>$true reactivates a removed source, $false deactivates it.</summary>
    [Parameter]
    public bool? Active { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessSource(HarvestSource source)
    {
        if (!ShouldProcess(source.Name, "Update harvest source")) return;
        var updated = Engine.Sources.Update(source.SourceId, new SourceUpdateRequest
        {
            Name = NewName, Url = Url is null ? null : PathResolution.UrlOrProviderPath(this, Url), Type = Type, Title = Title, Description = Description, Frequency = Frequency,
            Organization = Organization, Config = Config is null ? null : SourceSecrets.KeepMasked(Config, source), Active = Active,
        });
        if (PassThru) WriteObject(Outputs.Source(updated));
    }
}
