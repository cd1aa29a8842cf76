using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Jobs;

/// <summary>Everything the stages share while they work on one job.</summary>
public sealed class JobRun
{
    public required IHarvestStore Store { get; init; }
    public required IHarvester Harvester { get; init; }
    public required HarvestSource Source { get; init; }
    public required HarvestJob Job { get; set; }
    public required JsonObject Config { get; init; }
    public required RemoteDocuments Documents { get; init; }
    public required HarvestLog Log { get; init; }
    public required string NameSuffixStyle { get; init; }
    public IProgress<StageProgress>? Progress { get; init; }
    /// <summary>Guids imported even when their content hash is unchanged.</summary>
    public IReadOnlySet<string> ForceImportGuids { get; init; } = new HashSet<string>();

    public HarvestContext Context() => new(Source, Job, Config, Documents);

    public void Touch()
    {
        Job = Job with { LastAction = DateTimeOffset.UtcNow };
        Store.UpdateJob(Job);
    }

    public void AddObjectError(HarvestObject harvestObject, HarvestStage stage, string message, int? line = null) =>
        Store.InsertObjectError(new HarvestObjectError
        {
            ErrorId = Guid.NewGuid().ToString(), ObjectId = harvestObject.ObjectId, Stage = stage, Message = message,
            Line = line, Created = DateTimeOffset.UtcNow,
        });
}
