using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Jobs;

/// <summary>Everything the stages share while they work on one job.</summary>
internal sealed class JobRun
{
    public required IHarvestStore Store { get; init; }
    public required IHarvester Harvester { get; init; }
    public required HarvestSource Source { get; init; }
    public required HarvestJob Job { get; set; }
    public required JsonObject Config { get; init; }
    public required RemoteDocuments Documents { get; init; }
    public required HarvestLog Log { get; init; }
    public required string NameSuffixStyle { get; init; }
    /// <summary>Settings max_pages_per_gather and max_records_per_source.</summary>
    public int MaxPages { get; init; } = int.MaxValue;
    public int MaxRecords { get; init; } = int.MaxValue;
    public IProgress<StageProgress>? Progress { get; init; }
    /// <summary>Guids imported even when their content hash is unchanged.</summary>
    public IReadOnlySet<string> ForceImportGuids { get; init; } = new HashSet<string>();
    /// <summary>What this run warns its caller about beyond the job's own report (a forced guid that was not listed).</summary>
    public List<string> Warnings { get; } = [];

    public HarvestContext Context() => new(Source, Job, Config, Documents) { Groups = new StoreGroups(Store), Log = Log, Conditional = Conditional };

    private ConditionalDocuments? _conditional;

    /// <summary>
    /// The source's known documents, read once per run on the stage's thread. A forced import sends no validators (what it
    /// forces must be read again), and <c>conditional_get</c> false neither sends nor keeps them.
    /// </summary>
    public ConditionalDocuments Conditional => _conditional ??= ConditionalDocuments.EnabledBy(Config)
        ? new ConditionalDocuments(
            ForceImportGuids.Count > 0 ? new Dictionary<string, KnownDocument>() : Store.FindKnownDocuments(Source.SourceId, Fingerprint),
            send: ForceImportGuids.Count == 0, record: true)
        : ConditionalDocuments.Off;

    private string Fingerprint => ConditionalDocuments.Fingerprint(Source, Config);

    /// <summary>Stores the validators of the documents downloaded since the last call, to be trusted if the job ends well.</summary>
    public void SaveDownloadedDocuments()
    {
        if (_conditional is null) return;
        var downloaded = _conditional.TakeDownloaded();
        if (downloaded.Count > 0) Store.SaveDownloadedDocuments(Source.SourceId, Job.JobId, Fingerprint, downloaded);
    }

    private sealed class StoreGroups(IHarvestStore store) : ILocalGroups
    {
        public CatalogGroup? Find(string name, bool isOrganization) =>
            store.ListGroups(isOrganization).FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));

        public CatalogGroup Ensure(string name, string? title, string? description, bool isOrganization, string? imageUrl = null) =>
            store.EnsureGroup(name, title, isOrganization, description, imageUrl);
    }

    /// <summary>
    /// Records progress on the job, and stops the run when someone aborted the job meanwhile
    /// (job-abort, Stop-HarvestJob) so that finishing cannot overwrite their Aborted.
    /// </summary>
    public void Touch()
    {
        switch (Store.FindJobStatus(Job.JobId))
        {
            case JobStatus.Aborted: throw new JobAbortedException(Job.JobId);
            case null: throw new JobRemovedException(Job.JobId);
        }
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

/// <summary>The job was aborted by someone else while this process ran it.</summary>
public sealed class JobAbortedException(string jobId) : HarvestException($"job {jobId} was aborted while it ran");

/// <summary>The job was deleted by someone else (source delete or clear) while this process ran it.</summary>
public sealed class JobRemovedException(string jobId)
    : HarvestException($"job {jobId} was removed while it ran (its source was deleted or cleared in another process); it stopped")
{
    public string JobId { get; } = jobId;
}
