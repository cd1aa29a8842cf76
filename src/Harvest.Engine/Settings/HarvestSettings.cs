namespace Harvest.Engine.Settings;

/// <summary>
/// Installation-wide settings. Keys mirror ckanext-harvest's <c>ckan.harvest.*</c> options;
/// each is read from the settings file and can be overridden by <c>HARVEST_</c> + the key in upper case.
/// </summary>
public sealed record HarvestSettings
{
    /// <summary>SQLite file path, or a PostgreSQL connection string (Npgsql keywords, libpq keywords or a postgresql:// URI).</summary>
    public string Database { get; init; } = DefaultPaths.DatabaseFile();
    public string MqType { get; init; } = "database";
    public string MqHostname { get; init; } = "localhost";
    public int? MqPort { get; init; }
    public int MqRedisDb { get; init; }
    public string? MqPassword { get; init; }
    public string? MqUserId { get; init; }
    public string MqVirtualHost { get; init; } = "/";
    public string SiteId { get; init; } = "default";
    /// <summary>-1 writes no database log; 0 and up select what is logged, as in ckanext-harvest.</summary>
    public int LogScope { get; init; } = -1;
    public string LogLevel { get; init; } = "debug";
    public int LogTimeframe { get; init; } = 30;
    /// <summary>Minutes a job may stay idle before it is timed out; 0 never.</summary>
    public int Timeout { get; init; }
    /// <summary>
    /// Minutes without a sign of life after which a Running job is taken for abandoned (its process was killed) when a
    /// new job of its source is asked for; the abandoned one is aborted saying why. 0 never.
    /// </summary>
    public int AbandonedJobMinutes { get; init; } = 10;
    /// <summary><c>number</c> (-1, -2, ...) or <c>random-hex</c> (5 hex characters) for name clashes.</summary>
    public string DatasetNameSuffix { get; init; } = DatasetNameSuffixes.Number;
    public int SourceListLimit { get; init; } = 100;
    /// <summary>Largest remote document a harvester accepts, in bytes.</summary>
    public long MaxDocumentBytes { get; init; } = 2L * 1024 * 1024 * 1024;
    public int HttpTimeoutSeconds { get; init; } = 60;
    /// <summary>Seconds a whole downloaded document (or response) may take to arrive, however steadily it trickles in.</summary>
    public int HttpDocumentTimeoutSeconds { get; init; } = 1800;
    /// <summary>Most pages one gather asks a paging remote for (CKAN, CSW, hydra) before it stops with a gather error.</summary>
    public int MaxPagesPerGather { get; init; } = 100_000;
    /// <summary>Most records one gather takes from a source before it stops with a gather error.</summary>
    public int MaxRecordsPerSource { get; init; } = 10_000_000;
    /// <summary>Seconds a consumer may hold a queue item before it returns to the queue for another consumer.</summary>
    public int MqVisibilityTimeout { get; init; } = 600;
    /// <summary>Times an object is taken up by consumers (crashed, killed, timed out) before it fails.</summary>
    public int MqMaxAttempts { get; init; } = 3;
    /// <summary>Objects a fetch consumer worker takes from the queue at once and imports in one transaction.</summary>
    public int MqFetchBatchSize { get; init; } = 100;
    /// <summary>Retries of an HTTP request after a 429, a 5xx, a timeout or a failed connection.</summary>
    public int HttpRetries { get; init; } = 2;
    /// <summary>Milliseconds before the first retry; doubled for each further one (a Retry-After header asks for more).</summary>
    public int HttpRetryDelayMs { get; init; } = 500;

    /// <summary>ckanext-harvest's status_mail.errored: mail a summary when a job finishes with errors.</summary>
    public bool StatusMailErrored { get; init; }
    /// <summary>ckanext-harvest's status_mail.all: mail a summary whenever a job finishes.</summary>
    public bool StatusMailAll { get; init; }
    /// <summary>Comma-separated addresses that get every status mail (with the source's own notification_emails).</summary>
    public string? MailAdmins { get; init; }
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 25;
    /// <summary>Upgrade the connection with STARTTLS (and refuse to go on without it).</summary>
    public bool SmtpStarttls { get; init; }
    /// <summary>Connect with TLS from the start (SMTPS, usually port 465).</summary>
    public bool SmtpTls { get; init; }
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    public string SmtpMailFrom { get; init; } = "harvest@localhost";
    public int SmtpTimeoutSeconds { get; init; } = 30;
    /// <summary>
    /// SHA-256 fingerprint of the SMTP server's certificate to accept whoever signed it (a relay with a self-signed
    /// certificate); any other certificate is refused. Unset: the system's certificate validation.
    /// </summary>
    public string? SmtpCertificateFingerprint { get; init; }
    /// <summary>Keep only this many newest finished jobs per source, removing older ones after each job; 0 keeps all.</summary>
    public int KeepJobs { get; init; }
    /// <summary>After each job, drop the stored content of the source's objects that are no longer current.</summary>
    public bool DropStaleContent { get; init; }

    /// <summary>
    /// Harvester plug-ins to load: assembly files, or folders whose assemblies are searched for harvester types
    /// (public classes implementing <see cref="Harvesters.IHarvester"/> with a public parameterless constructor).
    /// </summary>
    public IReadOnlyList<string> HarvesterAssemblies { get; init; } = [];

    /// <summary>
    /// Tokens that allow state-changing requests to <c>harvester serve</c>, separated by commas or white space; none
    /// configured means the server refuses every change (403) and will not listen beyond loopback.
    /// </summary>
    public string? ApiTokens { get; init; }

    /// <summary>Where these settings came from, for error messages; null for defaults only.</summary>
    public string? LoadedFrom { get; init; }

    /// <summary><see cref="Database"/> with its password (in any connection string form) shown as <c>***</c>, for people and logs.</summary>
    public string RedactedDatabase => Store.PostgresConnectionString.Redact(Database);

    /// <summary>The settings that say where things are, never a password.</summary>
    public override string ToString() =>
        $"HarvestSettings {{ Database = {RedactedDatabase}, MqType = {MqType}, MqHostname = {MqHostname}, SiteId = {SiteId}, " +
        $"SmtpHost = {SmtpHost}, LoadedFrom = {LoadedFrom} }}";
}

public static class DatasetNameSuffixes
{
    public const string Number = "number";
    public const string RandomHex = "random-hex";
}
