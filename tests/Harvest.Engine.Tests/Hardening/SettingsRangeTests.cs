using System.Text.Json;
using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>
/// Every setting is range-checked when it is loaded: a bad value is one clear line on stderr naming the key, the value
/// and what is allowed, with exit 2, never a stack trace and exit 3 (issue 18, item 3).
/// </summary>
public sealed class SettingsRangeTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    /// <summary>Runs a command with the runner's store and one extra setting in the settings file.</summary>
    private async Task<CliResult> RunWithAsync(string key, object value, params string[] command)
    {
        var settings = new Dictionary<string, object> { ["database"] = _runner.DatabasePath(), [key] = value };
        var path = _runner.WriteFile($"settings-{key}.json", JsonSerializer.Serialize(settings));
        return await RawCli.RunAsync([.. command, "--settings", path]);
    }

    internal static void AssertCleanFailure(CliResult result, params string[] mentions)
    {
        CliJson.AssertExit(2, result);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("unexpected failure", result.Stderr);
        foreach (var mention in mentions) Assert.Contains(mention, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mq_visibility_timeout", 0, "from 1 to 86400")]
    [InlineData("mq_visibility_timeout", -5, "from 1 to 86400")]
    [InlineData("mq_max_attempts", 0, "from 1 to 100")]
    [InlineData("http_timeout_seconds", 0, "from 1 to 3600")]
    [InlineData("http_timeout_seconds", -1, "from 1 to 3600")]
    [InlineData("mq_port", 0, "from 1 to 65535")]
    [InlineData("mq_port", 70000, "from 1 to 65535")]
    [InlineData("smtp_port", 65536, "from 1 to 65535")]
    [InlineData("smtp_port", -25, "from 1 to 65535")]
    [InlineData("mq_redis_db", 99, "from 0 to 15")]
    [InlineData("mq_redis_db", -1, "from 0 to 15")]
    [InlineData("log_scope", 8, "from -1 to 7")]
    [InlineData("log_scope", -2, "from -1 to 7")]
    [InlineData("keep_jobs", -1, "0 or more")]
    [InlineData("log_timeframe", -3, "from 0 to 36500")]
    [InlineData("http_retries", -1, "from 0 to 10")]
    [InlineData("http_retries", 1000000, "from 0 to 10")]
    [InlineData("mq_fetch_batch_size", 0, "from 1 to 1000")]
    [InlineData("mq_fetch_batch_size", 1001, "from 1 to 1000")]
    [InlineData("smtp_timeout_seconds", 0, "from 1 to 3600")]
    public async Task A_number_out_of_range_names_the_key_the_value_and_the_range(string key, int value, string range)
    {
        var result = await RunWithAsync(key, value, "sources");
        AssertCleanFailure(result, $"'{key}'", $"is {value}", range);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Redis_database_99_says_it_is_beyond_the_servers_databases()
    {
        var result = await RunWithAsync("mq_redis_db", 99, "purge-queues");
        AssertCleanFailure(result, "'mq_redis_db' is 99", "Redis server", "'databases' setting");
    }

    [Theory]
    [InlineData("log_level", "loud", "'debug', 'info', 'warning', 'error'")]
    [InlineData("mq_type", "kafka", "'database', 'redis', 'amqp'")]
    public async Task A_word_outside_its_values_lists_them(string key, string value, string allowed)
    {
        AssertCleanFailure(await RunWithAsync(key, value, "sources"), $"'{key}' is '{value}'", allowed);
    }

    [Theory]
    [InlineData("5", "is a number")]
    [InlineData("mysql://harvest@db.example/harvest", "'mysql:' URLs")]
    [InlineData("Data Source=/tmp/harvest.db", "'data source' is not a PostgreSQL keyword")]
    [InlineData("Host=;Database=harvest;Username=u", "names no host")]
    [InlineData("Host=db.example;Database=harvest;SSL Mode=sometimes", "sslmode 'sometimes'")]
    [InlineData("host=db.example dbname=harvest sslmode=bogus", "sslmode 'bogus'")]
    [InlineData("postgresql://u@[::1/harvest", "URI cannot be read")]
    public async Task A_database_value_that_is_no_store_is_refused(string database, string why)
    {
        var path = _runner.WriteFile("bad-database.json", JsonSerializer.Serialize(new { database }));
        var result = await RawCli.RunAsync("initdb", "--settings", path, "--json");
        AssertCleanFailure(result, "'database'", why);
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, database)), "a SQLite file was made of the value");
    }

    [Fact]
    public void The_engine_refuses_the_same_values_when_settings_come_from_code()
    {
        var e = Assert.Throws<HarvestSettingsException>(() => new HarvestEngine(new HarvestSettings { Database = "Data Source=x.db" }));
        Assert.Contains("'data source' is not a PostgreSQL keyword", e.Message);
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("-1")]
    public async Task Abort_failed_jobs_refuses_a_life_span_out_of_range(string days)
    {
        var result = await RawCli.RunAsync("abort-failed-jobs", "--settings", _runner.SettingsPath, "--", days);
        AssertCleanFailure(result, $"DAYS is {days}", "0-36500");
    }

    [Theory]
    [InlineData("gather-consumer", "100000")]
    [InlineData("fetch-consumer", "0")]
    public async Task A_consumer_refuses_a_concurrency_beyond_the_cap(string command, string concurrency)
    {
        var result = await _runner.RunAsync(command, "--concurrency", concurrency);
        AssertCleanFailure(result, $"--concurrency is {concurrency}", "1-64");
    }

    [Fact]
    public async Task A_source_config_with_a_key_given_twice_is_refused()
    {
        var catalog = _runner.WriteCatalog("c.data.json", DataJsonBuilder.Record("a", "Alpha"));
        var result = await _runner.RunAsync("source", "create", "twice", catalog, "datajson", "--config", """{"default_tags": ["a"], "default_tags": ["b"]}""");
        AssertCleanFailure(result, "Duplicate property 'default_tags'");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("0.000001")]
    public async Task A_ckan_rate_limit_below_one_request_a_minute_is_refused(string rate)
    {
        var result = await _runner.RunAsync("source", "create", "slow", "https://ckan.example.org", "ckan", "--config", $$"""{"rate_limit": {{rate}}}""");
        AssertCleanFailure(result, "'rate_limit'", "at least 0.0167");
        var ok = await _runner.RunAsync("source", "create", "slow", "https://ckan.example.org", "ckan", "--config", """{"rate_limit": 0.02}""");
        CliJson.AssertExit(0, ok);
    }
}
