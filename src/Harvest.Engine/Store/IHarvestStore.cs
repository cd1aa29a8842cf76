using Harvest.Engine.Model;

namespace Harvest.Engine.Store;

/// <summary>
/// Everything Harvest keeps: sources, jobs, objects, errors, logs and the local catalog.
/// One instance is used by one thread at a time; writes made between <see cref="BeginTransaction"/>
/// and its commit land together.
/// </summary>
public interface IHarvestStore : IDisposable
{
    /// <summary>Applies pending migrations; returns the schema version now in force.</summary>
    int Migrate();
    IStoreTransaction BeginTransaction();
    /// <summary>After many rows were written at once (a gather): lets the query planner see the tables' new contents.</summary>
    void RefreshStatistics();

    // Sources
    void InsertSource(HarvestSource source);
    void UpdateSource(HarvestSource source);
    HarvestSource? FindSource(string idOrName);
    IReadOnlyList<HarvestSource> ListSources(bool includeInactive);
    void DeleteSource(string sourceId);

    // Jobs
    void InsertJob(HarvestJob job);
    void UpdateJob(HarvestJob job);
    /// <summary>Updates the job only if its stored status is still <paramref name="expected"/>; false when someone else changed it.</summary>
    bool UpdateJobIfStatus(HarvestJob job, JobStatus expected);
    HarvestJob? FindJob(string jobId);
    /// <summary>The job as stored, without deriving a running job's counts from its objects (for per-object work).</summary>
    HarvestJob? FindJobWithoutStats(string jobId);
    /// <summary>Just the status of a job, cheaply, for a running job to notice an abort.</summary>
    JobStatus? FindJobStatus(string jobId);
    IReadOnlyList<HarvestJob> ListJobs(JobQuery query);
    /// <summary>Counts of a job's objects by report status, computed from its objects.</summary>
    JobStats ComputeStats(string jobId);
    IReadOnlyDictionary<ObjectState, int> CountObjectsByState(string jobId);
    /// <summary>Whether any object of the job is still Waiting, in Fetch or in Import (cheap: one index probe).</summary>
    bool HasUnfinishedObjects(string jobId);
    /// <summary>The source's newest Finished job with no gather errors and no errored objects, if any.</summary>
    HarvestJob? FindLastErrorFreeJob(string sourceId);
    /// <summary>
    /// Adds to the job's count of records it found not modified without writing an object for them (an unchanged record at
    /// gather, a 304 for the whole catalog).
    /// </summary>
    void AddNotModifiedUnlisted(string jobId, int count);

    // Documents downloaded whole (conditional GET)
    /// <summary>
    /// The validators, by URL, of documents the source's jobs downloaded under this fingerprint (type, URL and config), each
    /// from the newest job that finished without a gather error and without its records failing to fetch or import.
    /// </summary>
    IReadOnlyDictionary<string, Http.KnownDocument> FindKnownDocuments(string sourceId, string fingerprint);
    /// <summary>Keeps the validators of documents a job downloaded; older rows for those URLs go, but for the job whose validators were sent.</summary>
    void SaveDownloadedDocuments(string sourceId, string jobId, string fingerprint, IReadOnlyList<Http.DownloadedDocument> documents);
    /// <summary>Drops every kept validator of a document, so that the next job reads it whole.</summary>
    void ForgetDocument(string sourceId, string url);

    // Objects
    void InsertObject(HarvestObject harvestObject);
    /// <summary>Inserts the objects and their extras, as <see cref="InsertObject"/> does each, in a few multi-row statements (binary COPY on PostgreSQL).</summary>
    void InsertObjects(IReadOnlyList<HarvestObject> harvestObjects);
    void UpdateObject(HarvestObject harvestObject);
    HarvestObject? FindObject(string objectId);
    IReadOnlyList<HarvestObject> ListObjects(ObjectQuery query);
    HarvestObject? FindCurrentObject(string sourceId, string guid);
    int NextObjectSequence(string jobId);

    // Pages of objects (fetch consumers, the import stage)
    /// <summary>The objects with these ids that exist, with content and extras, in no particular order.</summary>
    IReadOnlyList<HarvestObject> FindObjects(IReadOnlyCollection<string> objectIds);
    /// <summary>The source's datasets with these guids, by guid.</summary>
    IReadOnlyDictionary<string, Dataset> FindDatasetsByGuid(string sourceId, IReadOnlyCollection<string> guids);
    /// <summary>The source's current objects for these guids, by guid, without their content.</summary>
    IReadOnlyDictionary<string, HarvestObject> FindCurrentObjects(string sourceId, IReadOnlyCollection<string> guids);
    /// <summary>For these guids, the content hash of the current object of each active dataset of the source, by guid.</summary>
    IReadOnlyDictionary<string, CurrentHash> FindCurrentHashes(string sourceId, IReadOnlyCollection<string> guids);
    /// <summary>Writes each object's state, report status, current flag, hash, dataset, times and attempts; not its content or extras.</summary>
    void UpdateObjectsProgress(IReadOnlyList<HarvestObject> objects);
    /// <summary>
    /// Fencing for consumers: takes each object up at this attempt for the caller's transaction, unless it has ended or a
    /// later attempt of another consumer holds it. Returns the objects this caller may write; call it inside the
    /// transaction that writes them, and write each one's attempt there (PostgreSQL only locks the rows).
    /// </summary>
    IReadOnlySet<string> ClaimObjects(IReadOnlyList<(string ObjectId, int Attempt)> claims);
    /// <summary>Sets one extra on each of these objects, replacing the value the key had.</summary>
    void SetObjectExtra(string key, IReadOnlyList<(string ObjectId, string Value)> values);
    /// <summary>No object of the source is current for these guids any more.</summary>
    void ClearCurrent(string sourceId, IReadOnlyCollection<string> guids);
    void DeleteJobObjects(string jobId);

    // Errors and log
    void InsertGatherError(HarvestGatherError error);
    IReadOnlyList<HarvestGatherError> ListGatherErrors(string jobId);
    /// <summary>Records something the gather did not fail over but the report must say (an incomplete listing).</summary>
    void InsertGatherWarning(string jobId, string message, DateTimeOffset created);
    IReadOnlyList<GatherWarning> ListGatherWarnings(string jobId);
    void InsertObjectError(HarvestObjectError error);
    IReadOnlyList<HarvestObjectError> ListObjectErrors(string jobId);
    void InsertLog(string level, string content, DateTimeOffset created);
    IReadOnlyList<HarvestLogEntry> ListLog(string? level, int limit, int offset);
    int DeleteLogBefore(DateTimeOffset cutoff);

    // Reports and progress
    /// <summary>When the job's objects were gathered, fetched and imported, and how many are in each state.</summary>
    JobObjectTimes ObjectTimes(string jobId);
    /// <summary>Each distinct gather error message of the job, with how many times it was recorded.</summary>
    IReadOnlyList<MessageCount> CountGatherErrorMessages(string jobId);
    /// <summary>Each distinct object error message of the job, with how many times it was recorded and the guid of one object it names.</summary>
    IReadOnlyList<MessageCount> CountObjectErrorMessages(string jobId);

    // Local catalog
    void InsertDataset(Dataset dataset);
    /// <summary>Inserts the dataset unless another has its name; false when the name was taken.</summary>
    bool InsertDatasetIfNameFree(Dataset dataset);
    /// <summary>Inserts each dataset unless another has its name; returns the ids of those inserted.</summary>
    IReadOnlySet<string> InsertDatasetsIfNamesFree(IReadOnlyList<Dataset> datasets);
    void UpdateDataset(Dataset dataset);
    Dataset? FindDataset(string idOrName);
    Dataset? FindDatasetByGuid(string sourceId, string guid);
    bool DatasetNameTaken(string name);
    IReadOnlyList<Dataset> ListDatasets(DatasetQuery query);
    /// <summary>How many datasets <see cref="ListDatasets"/> would list with no limit.</summary>
    int CountDatasets(DatasetQuery query);
    /// <summary>Active datasets of a source whose guid no object of the job carries, by name.</summary>
    IReadOnlyList<DatasetKey> ListDatasetsMissingFromJob(string sourceId, string jobId);
    /// <summary>The group or organization of that name; created with this title and description when missing.</summary>
    CatalogGroup EnsureGroup(string name, string? title, bool isOrganization, string? description = null, string? imageUrl = null);
    IReadOnlyList<CatalogGroup> ListGroups(bool organizations);
    /// <summary>A page of the datasets a search matches, in its order, with where they came from, and the count of all it matches.</summary>
    Catalog.DatasetSearchPage SearchDatasets(Catalog.DatasetSearch search);
    /// <summary>Up to <paramref name="limit"/> active datasets whose names sort after <paramref name="afterName"/>, by name (a page of a stream).</summary>
    IReadOnlyList<Dataset> ListActiveDatasetsAfter(string? afterName, int limit);
    /// <summary>Removes a dataset from the local catalog for good.</summary>
    void DeleteDataset(string datasetId);

    // Clearing
    /// <summary>Removes a source's datasets, jobs and objects; keeps the source.</summary>
    void ClearSource(string sourceId);
    /// <summary>Removes finished jobs (the oldest first, at most <paramref name="limit"/>) and their objects; returns how many jobs went.</summary>
    int ClearHistory(string? sourceId, bool keepCurrent, int limit = int.MaxValue);
    /// <summary>How many jobs <see cref="ClearHistory"/> would remove if it had no limit.</summary>
    int CountHistory(string? sourceId, bool keepCurrent);
    /// <summary>How many active (not deleted) datasets the source has.</summary>
    int CountActiveDatasets(string sourceId);

    // Retention
    /// <summary>Removes a source's finished and aborted jobs beyond the newest <paramref name="keep"/>, except jobs that hold current objects.</summary>
    int DeleteJobsBeyond(string sourceId, int keep);
    /// <summary>Drops the stored content of a source's non-current objects of ended jobs other than <paramref name="exceptJobId"/>.</summary>
    int DropStaleContent(string sourceId, string exceptJobId);
}

public interface IStoreTransaction : IDisposable
{
    void Commit();
}

public sealed record JobQuery(string? SourceId = null, JobStatus? Status = null, int Limit = 1000);

public sealed record ObjectQuery(
    string? JobId = null,
    string? SourceId = null,
    string? Guid = null,
    ObjectState? State = null,
    ReportStatus? ReportStatus = null,
    bool? Current = null,
    int AfterSequence = -1,
    int Limit = 1000,
    bool IncludeContent = true);

/// <summary>A dataset by its id and the guid of its record.</summary>
public sealed record DatasetKey(string DatasetId, string Guid);

/// <summary>Datasets in name order: at most <paramref name="Limit"/>, those named after <paramref name="AfterName"/> when it is given (the next page).</summary>
public sealed record DatasetQuery(string? SourceId = null, string? Search = null, bool IncludeDeleted = false, int Limit = 100000, string? AfterName = null);

/// <summary>
/// What an unchanged record is compared with: its dataset's current content hash, that dataset, and the date the source
/// gave the current object's record (<see cref="Harvesters.GatheredRecord.Modified"/>), when it gave one.
/// </summary>
public sealed record CurrentHash(string ContentHash, string DatasetId, DateTimeOffset? SourceModified = null)
{
    /// <summary>The raw-text hash of the current object's record, when it was gathered with one.</summary>
    public string? RawHash { get; init; }
}
