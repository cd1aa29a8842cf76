using Harvest.Engine;
using System.Management.Automation;
using Harvest.Engine.Model;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Base of cmdlets that act on sources given by -Name, by -SourceId from the pipeline, or as -InputObject;
/// the three sets converge on one loop. A source that cannot be found is an error naming what was given; a failure
/// while acting on a source is an error naming the source; both are non-terminating and the command goes on.
/// </summary>
public abstract class SourceCmdlet : HarvestCmdlet
{
    protected const string ByName = "ByName";

    [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(SourceNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SourceIdCompleter))]
    public string[] SourceId { get; set; } = [];

    [Parameter(ParameterSetName = ByInputObject, Mandatory = true, ValueFromPipeline = true)]
    public HarvestSource[] InputObject { get; set; } = [];

    protected override void Process()
    {
        var given = ParameterSetName switch
        {
            ByInputObject => InputObject.Select(s => (Key: s.SourceId, Target: (object)s)),
            ById => SourceId.Select(id => (Key: id, Target: (object)id)),
            _ => Name.Select(name => (Key: name, Target: (object)name)),
        };
        foreach (var (key, target) in given)
        {
            if (Stopping) return;
            HarvestSource source;
            try
            {
                source = Engine.Sources.Get(key);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, target);
                continue;
            }
            try
            {
                ProcessSource(source);
            }
            catch (HarvestException e)
            {
                WriteHarvestError(e, source);
            }
        }
    }

    /// <summary>Acts on one source.</summary>
    protected abstract void ProcessSource(HarvestSource source);
}
