using Harvest.Engine.Logging;

namespace Harvest.Engine.Settings;

/// <summary>
/// The range of every setting, checked when settings are loaded: a value out of range is refused with one message
/// naming the key, the value and what is allowed, instead of misbehaving later (a visibility timeout of 0 hands every
/// object to every consumer; 0 attempts fails every object; a port of 70000 or Redis database 99 fails deep in a client).
/// </summary>
internal static class SettingsChecks
{
    private sealed record IntRange(string Key, Func<HarvestSettings, int?> Value, int Min, int Max, string Meaning);

    private static readonly IntRange[] Ranges =
    [
        new("mq_port", s => s.MqPort, 1, 65535, "a TCP port"),
        new("smtp_port", s => s.SmtpPort, 1, 65535, "a TCP port"),
        // Redis servers have 16 databases (0-15) unless their own 'databases' setting says otherwise.
        new("mq_redis_db", s => s.MqRedisDb, 0, 15, "a Redis server has databases 0 to 15 unless its own 'databases' setting gives it more"),
        new("mq_visibility_timeout", s => s.MqVisibilityTimeout, 1, 86_400, "seconds, at most a day"),
        new("mq_max_attempts", s => s.MqMaxAttempts, 1, 100, "times an object may be taken up"),
        new("mq_fetch_batch_size", s => s.MqFetchBatchSize, 1, 1000, "objects per batch"),
        new("http_timeout_seconds", s => s.HttpTimeoutSeconds, 1, 3600, "seconds, at most an hour"),
        new("http_document_timeout_seconds", s => s.HttpDocumentTimeoutSeconds, 1, 604_800, "seconds, at most a week"),
        new("max_pages_per_gather", s => s.MaxPagesPerGather, 1, int.MaxValue, "pages"),
        new("max_records_per_source", s => s.MaxRecordsPerSource, 1, int.MaxValue, "records"),
        new("abandoned_job_minutes", s => s.AbandonedJobMinutes, 0, 525_600, "minutes; 0 never by time"),
        new("http_retries", s => s.HttpRetries, 0, 10, "retries after the first attempt"),
        new("http_retry_delay_ms", s => s.HttpRetryDelayMs, 0, 120_000, "milliseconds, at most 2 minutes"),
        new("smtp_timeout_seconds", s => s.SmtpTimeoutSeconds, 1, 3600, "seconds, at most an hour"),
        new("log_scope", s => s.LogScope, LogScopes.Off, LogScopes.Highest, "-1 for no database log, 0 for everything, 1-7 for parts"),
        new("log_timeframe", s => s.LogTimeframe, 0, 36_500, "days"),
        new("keep_jobs", s => s.KeepJobs, 0, int.MaxValue, "jobs per source; 0 keeps all"),
        new("timeout", s => s.Timeout, 0, 525_600, "minutes, at most a year; 0 never"),
        new("source_list_limit", s => s.SourceListLimit, 1, int.MaxValue, "sources"),
    ];

    public static void Check(HarvestSettings settings)
    {
        foreach (var range in Ranges)
            if (range.Value(settings) is { } value && (value < range.Min || value > range.Max))
                throw new HarvestSettingsException(
                    $"setting '{range.Key}' is {value}; it must be {Describe(range.Min, range.Max)} ({range.Meaning})");
        if (!LogScopes.TryParseLevel(settings.LogLevel, out _))
            throw Choice("log_level", settings.LogLevel, "debug", "info", "warning", "error");
        if (settings.MqType is not ("database" or "redis" or "amqp"))
            throw Choice("mq_type", settings.MqType, "database", "redis", "amqp");
        if (settings.DatasetNameSuffix is not (DatasetNameSuffixes.Number or DatasetNameSuffixes.RandomHex))
            throw Choice("dataset_name_suffix", settings.DatasetNameSuffix, DatasetNameSuffixes.Number, DatasetNameSuffixes.RandomHex);
        if (settings.MaxDocumentBytes <= 0)
            throw new HarvestSettingsException($"setting 'max_document_bytes' is {settings.MaxDocumentBytes}, but it must be positive (bytes)");
        if (string.IsNullOrWhiteSpace(settings.SiteId))
            throw new HarvestSettingsException("setting 'site_id' is empty: it names this installation's queues");
        if (settings.SmtpCertificateFingerprint is { } pin && Mail.SmtpSender.Normalise(pin).Length != 64)
            throw new HarvestSettingsException(
                $"setting 'smtp_certificate_fingerprint' is '{pin}', not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        DatabaseSetting.Classify(settings.Database);
    }

    private static string Describe(int min, int max) => max == int.MaxValue ? $"{min} or more" : $"from {min} to {max}";

    private static HarvestSettingsException Choice(string key, string value, params string[] allowed) =>
        new($"setting '{key}' is '{value}', not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
}
