using Harvest.Engine;
using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Base of cmdlets that act on sources given by -Name, by -SourceId from the pipeline, or as -InputObject;
/// the three sets converge on one loop in ProcessRecord.
/// </summary>
public abstract class SourceCmdlet : HarvestCmdlet
{
    protected const string ByName = "ByName";
    protected const string ById = "ById";
    protected const string ByInputObject = "ByInputObject";

    [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[] SourceId { get; set; } = [];

    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestSource[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        var keys = ParameterSetName switch
        {
            ByInputObject => InputObject.Select(s => s.SourceId),
            ById => SourceId,
            _ => Name,
        };
        ForEachItem(keys, key => Process(Engine.Sources.Get(key)));
    }

    /// <summary>Acts on one source; engine failures become a non-terminating error for that source.</summary>
    protected abstract void Process(HarvestSource source);
}
