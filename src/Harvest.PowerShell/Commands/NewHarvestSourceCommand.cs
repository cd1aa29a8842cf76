using Harvest.Engine;
using System.Management.Automation;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.PowerShell.Commands;

/// <summary>New-HarvestSource: creates a harvest source; its -Config is checked by its harvester.</summary>
[Cmdlet(VerbsCommon.New, "HarvestSource", SupportsShouldProcess = true)]
[OutputType(typeof(HarvestSource))]
public sealed class NewHarvestSourceCommand : HarvestCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    public string Url { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2)]
    [ArgumentCompleter(typeof(SourceTypeCompleter))]
    public string Type { get; set; } = "";

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public HarvestFrequency Frequency { get; set; } = HarvestFrequency.Manual;

    [Parameter]
    public string? Organization { get; set; }

    /// <summary>The source's own JSON config.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConfigKeyCompleter))]
    public string? Config { get; set; }

    protected override void Process()
    {
        if (!ShouldProcess(Name, $"Create {Type} harvest source for {Url}")) return;
        try
        {
            var url = PathResolution.UrlOrProviderPath(this, Url);
            WriteObject(Outputs.Source(Engine.Sources.Create(new NewSourceRequest
            {
                Name = Name, Url = url, Type = Type, Title = Title, Description = Description,
                Frequency = Frequency, Organization = Organization, Config = Config,
            })));
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, Name);
        }
    }
}
