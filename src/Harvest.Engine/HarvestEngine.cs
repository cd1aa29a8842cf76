using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Jobs;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Store;

namespace Harvest.Engine;

/// <summary>
/// The entry point for hosts (the CLI, the cmdlets, tests): settings, the store, the harvester registry
/// and the services over them. Hosts pass the registry of the types they ship with; without one, the engine knows
/// only the plug-ins the settings name (<see cref="HarvestSettings.HarvesterAssemblies"/>).
/// </summary>
public sealed class HarvestEngine : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsStore;
    private readonly IHarvestOutput _output;
    private readonly Lazy<Mail.StatusMailQueue> _mailQueue;
    private IHarvestStore? _mailLogStore;

    public HarvestEngine(HarvestSettings settings, IHarvestOutput? output = null, HarvesterRegistry? registry = null, IHarvestStore? store = null)
    {
        Settings = settings;
        Registry = registry ?? HarvesterRegistry.Create(settings);
        Store = store ?? StoreFactory.Open(settings);
        _http = RemoteDocuments.CreateClient(TimeSpan.FromSeconds(settings.HttpTimeoutSeconds));
        Log = new HarvestLog(Store, settings, output ?? SilentOutput.Instance);
        Sources = new HarvestSources(Store, Registry);
        var documents = new RemoteDocuments(_http, settings.MaxDocumentBytes, HttpPolicyFor(settings));
        Jobs = new HarvestJobs(Store, Registry, Sources, documents, settings, Log);
        Preview = new Preview.HarvestPreview(Store, Registry, Sources, documents);
        Scheduler = new Scheduler(Store, Sources, Jobs, settings, Log);
        Logs = new Logging.HarvestLogs(Store, settings);
        StatusMail = new Mail.StatusMail(settings, Log.For(Logging.LogCategory.Plugin));
        _ownsStore = store is null;
        _output = output ?? SilentOutput.Instance;
        _mailQueue = new Lazy<Mail.StatusMailQueue>(() => new Mail.StatusMailQueue(StatusMail, Log.For(Logging.LogCategory.Plugin), MailSenderLog));
        Retention = new Retention.HistoryRetention(Store, settings, Log.For(Logging.LogCategory.Model));
        Catalog = new Catalog.LocalCatalog(Store);
        Orphans = new Catalog.OrphanedDatasets(Store, Sources);
        Jobs.JobFinished += AfterJobFinished;
    }

    public static HttpPolicy HttpPolicyFor(HarvestSettings settings) => new()
    {
        Timeout = TimeSpan.FromSeconds(settings.HttpTimeoutSeconds),
        Retries = Math.Max(0, settings.HttpRetries),
        RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Max(0, settings.HttpRetryDelayMs)),
        DocumentTimeout = TimeSpan.FromSeconds(settings.HttpDocumentTimeoutSeconds),
    };

    /// <summary>Opens the engine with settings resolved from a settings file path (or HARVEST_CONFIG) and the environment.</summary>
    public static HarvestEngine Open(string? settingsPath = null, IHarvestOutput? output = null) =>
        new(SettingsLoader.Load(settingsPath), output);

    public HarvestSettings Settings { get; }
    public HarvesterRegistry Registry { get; }
    public IHarvestStore Store { get; }
    public HarvestLog Log { get; }
    public HarvestSources Sources { get; }
    public HarvestJobs Jobs { get; }
    public Scheduler Scheduler { get; }
    /// <summary>Status mails on finished jobs; set <see cref="Mail.StatusMail.RecipientPolicy"/> to change who gets them.</summary>
    public Mail.StatusMail StatusMail { get; }

    /// <summary>keep_jobs and drop_stale_content, applied after each finished job.</summary>
    public Retention.HistoryRetention Retention { get; }

    private void AfterJobFinished(HarvestJob job)
    {
        Retention.AfterJob(job);
        if (!StatusMail.Enabled) return;
        var report = Jobs.Report(job.JobId);
        if (StatusMail.Wanted(report)) _mailQueue.Value.Enqueue(report);
    }

    /// <summary>
    /// Waits until the status mails of the jobs this engine finished are sent or given up (each is bounded by
    /// smtp_timeout_seconds). Disposing the engine waits too.
    /// </summary>
    public Task WhenStatusMailsSentAsync(CancellationToken cancellationToken = default) =>
        _mailQueue.IsValueCreated ? _mailQueue.Value.WhenIdleAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// The log of the mail sender's thread: the engine's store connection belongs to the thread that uses the engine, so
    /// database log lines go through a connection of the sender's own (output only when that cannot be had).
    /// </summary>
    private HarvestLog MailSenderLog()
    {
        var outputOnly = new HarvestLog(Store, Settings with { LogScope = LogScopes.Off }, _output, LogCategory.Plugin);
        if (!_ownsStore || !LogScopes.Includes(Settings.LogScope, LogCategory.Plugin)) return outputOnly;
        try
        {
            _mailLogStore = StoreFactory.Open(Settings);
            return new HarvestLog(_mailLogStore, Settings, _output, LogCategory.Plugin);
        }
        catch (Exception e) when (e is HarvestException or System.Data.Common.DbException or InvalidOperationException)
        {
            outputOnly.Warning($"status mails are logged to the output only: {e.Message}");
            return outputOnly;
        }
    }

    /// <summary>The local catalog for readers: search, streaming, organizations and groups.</summary>
    public Catalog.LocalCatalog Catalog { get; }

    /// <summary>Datasets a source orphaned: re-publish them or delete them for good.</summary>
    public Catalog.OrphanedDatasets Orphans { get; }

    /// <summary>The database log: list and clean.</summary>
    public Logging.HarvestLogs Logs { get; }

    /// <summary>The gather and fetch queues the settings name, over this engine's store connection where they live in it.</summary>
    public Task<Queues.IHarvestQueue> OpenQueueAsync(CancellationToken cancellationToken = default) =>
        Queues.QueueFactory.OpenAsync(Settings, Store, cancellationToken);

    /// <summary>Dry runs: what a harvest would do, writing nothing.</summary>
    public Preview.HarvestPreview Preview { get; }

    /// <summary>Every dataset of the local catalog (of one source, with the text), in name order.</summary>
    public IReadOnlyList<Dataset> Datasets(string? sourceIdOrName = null, string? search = null, bool includeDeleted = false) =>
        EnumerateDatasets(sourceIdOrName, search, includeDeleted).ToList();

    /// <summary>
    /// The same datasets as <see cref="Datasets"/>, read a page at a time as they are enumerated: the first comes at once and
    /// memory stays flat however large the catalog. No query stays open between pages, so the store may be used meanwhile.
    /// </summary>
    public IEnumerable<Dataset> EnumerateDatasets(string? sourceIdOrName = null, string? search = null, bool includeDeleted = false, int pageSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = new DatasetQuery(sourceIdOrName is null ? null : Sources.Get(sourceIdOrName).SourceId, search, includeDeleted, pageSize);
        return Pages(query);

        IEnumerable<Dataset> Pages(DatasetQuery next)
        {
            while (true)
            {
                var page = Store.ListDatasets(next);
                foreach (var dataset in page) yield return dataset;
                if (page.Count < next.Limit) yield break;
                next = next with { AfterName = page[^1].Name };
            }
        }
    }

    /// <summary>How many datasets the local catalog holds (of one source), counted by the store without reading them.</summary>
    public int CountDatasets(string? sourceIdOrName = null, bool includeDeleted = false) =>
        Store.CountDatasets(new DatasetQuery(sourceIdOrName is null ? null : Sources.Get(sourceIdOrName).SourceId, IncludeDeleted: includeDeleted));

    /// <summary>Applies pending store migrations and says where the store is (without the connection string's password).</summary>
    public StoreInfo Initialize() => new(Settings.RedactedDatabase, Store.Migrate());

    /// <summary>Harvest objects matching a query, streamed a page at a time.</summary>
    public IEnumerable<HarvestObject> Objects(ObjectQuery query) => Store.EnumerateObjects(query);

    public HarvestObject Object(string objectId) =>
        Store.FindObject(objectId) ?? throw new HarvestNotFoundException(HarvestEntity.Object, $"no harvest object has the id '{objectId}'");

    public Dataset Dataset(string idOrName) =>
        Store.FindDataset(idOrName) ?? throw new HarvestNotFoundException(HarvestEntity.Dataset, $"no dataset has the id or name '{idOrName}'");

    public void Dispose()
    {
        if (_mailQueue.IsValueCreated) _mailQueue.Value.Dispose();
        _mailLogStore?.Dispose();
        Store.Dispose();
        _http.Dispose();
    }
}
