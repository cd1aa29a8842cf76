using System.Diagnostics;
using System.Globalization;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Harvest.Bench;

/// <summary>
/// Runs the scenarios of one catalog size on one store, in order on the same store: (a) full: the first harvest;
/// (b) unchanged: the same catalog again; (c) changed: 10% of the datasets edited and 1% removed. The source has
/// force_all (every harvest lists the whole catalog, so (b) and (c) compare every dataset's hash) and delete_missing.
/// SQLite: one `harvester run-test` process. PostgreSQL: one gather-consumer and N fetch-consumer processes over
/// the queue the --mq option names, fed by the `run` scheduler; the clock runs from queuing the job to its finish.
/// </summary>
public sealed class ScenarioRunner(BenchOptions options, SyntheticCatalog catalog, CkanSite site, string logDir, string workDir, BenchReport report, Action save)
{
    private const string SourceName = "bench";

    public async Task RunStoreAsync(string store, double floorSeconds)
    {
        catalog.Reset();
        var size = catalog.Count;
        string database;
        if (store == "sqlite")
        {
            database = Path.Combine(workDir, $"harvest-{size}.db");
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
        }
        else
        {
            database = Postgres.FreshDatabase(options.Postgres!, $"harvest_bench_{size}_{options.RunTag}");
        }
        var settingsFile = Path.Combine(workDir, "settings.json");
        await File.WriteAllTextAsync(settingsFile, "{}");
        HarvestSettings settings;
        var env = new Dictionary<string, string>
        {
            ["HARVEST_CONFIG"] = settingsFile, ["HARVEST_DATABASE"] = database, ["HARVEST_MQ_TYPE"] = options.Mq, ["HARVEST_SITE_ID"] = SiteId,
        };
        foreach (var (key, value) in options.MqSettings) env[key] = value;
        // The bench's own engine (it creates and queues the jobs) reads the same HARVEST_MQ_* values.
        settings = SettingsLoader.Load(settingsFile, options.MqSettings.ToDictionary(p => p.Key, p => (string?)p.Value)) with { Database = database, MqType = options.Mq, SiteId = SiteId };
        using (var engine = Engines.Open(settings))
        {
            engine.Sources.Create(new NewSourceRequest
            {
                Name = SourceName, Url = site.BaseUrl, Type = "ckan",
                Config = $$"""{"page_size": {{options.PageSize}}, "force_all": true, "delete_missing": true}""",
            });
        }

        foreach (var scenario in options.Scenarios.Where(s => s is not ("datajson" or "module")))
        {
            var note = "";
            if (scenario == "changed")
            {
                var (changed, removed) = catalog.Mutate(0.10, 0.01, DateTime.UtcNow);
                note = $"{changed} edited, {removed} removed";
                catalog.Warm();
            }
            if (store == "postgres" && scenario != options.Scenarios[0]) note = Join(note, Settle(database));
            var before = Rows(database);
            Console.Write($"{store,-8} N={size,-7} {scenario,-10} ... ");
            var record = new ScenarioRecord { Store = store, Size = size, Scenario = scenario, FloorSeconds = floorSeconds, Note = note };
            try
            {
                var (seconds, peaks, jobId) = store == "sqlite"
                    ? await RunTestAsync(scenario, env)
                    : await ConsumersAsync(scenario, settings, env);
                using var engine = Engines.Open(settings);
                var job = engine.Jobs.Get(jobId);
                var after = Rows(database);
                record.Seconds = seconds;
                record.PeakRssMb = peaks.ToDictionary(p => p.Key, p => Math.Round(p.Value / 1048576.0, 1));
                record.Stats = job.Stats;
                // The job's own times, as the store holds them: gathering, then fetch and import until the finish.
                record.GatherSeconds = Between(job.GatherStarted, job.GatherFinished);
                record.RestSeconds = options.GatherOnly ? null : Between(job.GatherFinished, job.Finished);
                record.JobStatus = job.Status.ToString();
                MeasureStore(record, database);
                record.ObjectsInserted = after.Objects - before.Objects;
                record.RowsWritten = record.ObjectsInserted + job.Stats.Added + job.Stats.Updated + job.Stats.Deleted;
                record.DatasetsPerSecond = (options.GatherOnly ? record.ObjectsInserted : job.Stats.Total) / seconds;
                record.Ratio = seconds / floorSeconds;
                if (options.GatherOnly)
                {
                    record.RowsWritten = record.ObjectsInserted;
                    if (record.ObjectsInserted != size || job.GatherErrorCount > 0)
                        record.Failed = $"gathered {record.ObjectsInserted} objects of {size}, {job.GatherErrorCount} gather errors";
                }
                else if (job.Status != JobStatus.Finished || job.Stats.Errored > 0)
                    record.Failed = $"job {job.Status}, {job.Stats}";
                Console.WriteLine($"{seconds,7:0.00} s (gather {record.GatherSeconds,6:0.00} s, rest {record.RestSeconds,6:0.00} s)  {record.DatasetsPerSecond,7:0} ds/s  {record.Ratio,5:0.0}x floor  " +
                                  $"RSS {string.Join(" ", record.PeakRssMb.Select(p => $"{p.Key}={p.Value:0}MB"))}  {job.Stats}");
            }
            catch (Exception e)
            {
                record.Failed = e.Message;
                Console.WriteLine($"FAILED: {e.Message}");
            }
            report.Scenarios.Add(record);
            if (record.Failed is not null && scenario != "changed") break; // later scenarios build on this one
        }
        save(); // what was measured is kept whatever the cleanup does
        if (store == "postgres")
        {
            await PurgeQueuesAsync(settings);
            var name = $"harvest_bench_{size}_{options.RunTag}";
            if (options.KeepStore)
                report.Note($"database {name} was kept (--keep-store): drop it by hand");
            else if (Postgres.TryDrop(options.Postgres!, name) is { } problem)
                report.Note($"database {name} was left on the server (drop it by hand): {problem}");
        }
    }

    /// <summary>The store's size after the scenario; a store that cannot say (no dbstat in this SQLite) only loses the numbers.</summary>
    private static void MeasureStore(ScenarioRecord record, string database)
    {
        try
        {
            var size = StoreSize.Measure(database);
            record.StoreBytes = size.Bytes;
            record.TableBytes = size.Tables;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            record.Note = $"{record.Note} (store size not measured: {e.Message})".Trim();
        }
    }

    /// <summary>This run's own site id: the queue names of a broker shared with another bench run at the same time differ.</summary>
    private string SiteId => $"bench-{options.RunTag}";

    private static double? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } a && to is { } b ? (b - a).TotalSeconds : null;

    /// <summary>Leaves nothing of this run in the broker (a failed scenario may leave items behind).</summary>
    private static async Task PurgeQueuesAsync(HarvestSettings settings)
    {
        try
        {
            using var engine = Engines.Open(settings);
            await using var queue = await engine.OpenQueueAsync();
            await queue.PurgeAsync();
        }
        catch (Exception e)
        {
            Console.WriteLine($"(purging the queues failed: {e.Message})");
        }
    }

    private async Task<(double, Dictionary<string, long>, string)> RunTestAsync(string scenario, Dictionary<string, string> env)
    {
        var log = Path.Combine(logDir, $"sqlite-{catalog.Count}-{scenario}-run-test.log");
        var watch = Stopwatch.StartNew();
        using var child = new Child("run-test", options.HarvesterDll, ["run-test", SourceName, "--json"], env, log);
        var code = await child.WaitAsync(TimeSpan.FromMinutes(options.TimeoutMinutes));
        var seconds = watch.Elapsed.TotalSeconds;
        if (code != 0) throw new InvalidOperationException($"run-test exited with {code}: see {log}");
        using var engine = Engines.Open(new HarvestSettings { Database = env["HARVEST_DATABASE"] });
        var jobId = engine.Jobs.List(SourceName, limit: 1)[0].JobId;
        return (seconds, new Dictionary<string, long> { ["run-test"] = child.PeakRssBytes }, jobId);
    }

    private async Task<(double, Dictionary<string, long>, string)> ConsumersAsync(string scenario, HarvestSettings settings, Dictionary<string, string> env)
    {
        var size = catalog.Count;
        var children = new List<Child>
        {
            new("gather", options.HarvesterDll, ["gather-consumer"], env, Path.Combine(logDir, $"postgres-{size}-{scenario}-gather.log")),
        };
        for (var i = 1; i <= (options.GatherOnly ? 0 : options.FetchConsumers); i++)
            children.Add(new Child($"fetch{i}", options.HarvesterDll,
                ["fetch-consumer", "--concurrency", options.FetchConcurrency.ToString(CultureInfo.InvariantCulture)], env,
                Path.Combine(logDir, $"postgres-{size}-{scenario}-fetch{i}.log")));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // process start-up is not part of a harvest
            if (children.FirstOrDefault(c => c.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.Role} consumer exited with {dead.ExitCode} at start: see {logDir}");
            using var engine = Engines.Open(settings);
            await using var queue = await engine.OpenQueueAsync();
            var watch = Stopwatch.StartNew();
            var job = engine.Jobs.Create(SourceName);
            await engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);
            var deadline = TimeSpan.FromMinutes(options.TimeoutMinutes);
            int? waiting = null;
            while (true)
            {
                var current = engine.Store.FindJobWithoutStats(job.JobId)!;
                if (current.Status is JobStatus.Finished or JobStatus.Aborted) break;
                if (options.GatherOnly && current.GatherFinished is not null)
                {
                    // No fetch consumer moves the objects on: done once each has its item in the fetch queue.
                    waiting ??= engine.Store.CountObjectsByState(job.JobId).GetValueOrDefault(ObjectState.Waiting);
                    if (await queue.CountAsync(Harvest.Engine.Queues.HarvestQueueKind.Fetch) >= waiting) break;
                }
                if (watch.Elapsed > deadline) throw new TimeoutException($"job {job.JobId} not finished after {deadline.TotalMinutes} minutes");
                if (children.FirstOrDefault(c => c.HasExited) is { } gone)
                    throw new InvalidOperationException($"{gone.Role} consumer exited with {gone.ExitCode}: see {logDir}");
                await Task.Delay(50);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            await Task.WhenAll(children.Select(c => c.StopAsync()));
            if (options.GatherOnly) engine.Jobs.Abort(job.JobId); // nobody will fetch it: do not leave it running
            return (seconds, children.ToDictionary(c => c.Role, c => c.PeakRssBytes), job.JobId);
        }
        finally
        {
            foreach (var c in children) c.Dispose();
        }
    }

    /// <summary>
    /// A nightly re-harvest meets a store that autovacuum has long since tidied; the scenario before this one left
    /// autovacuum work (100,000 new row versions, TOAST) that would otherwise run on the same two cores as this one.
    /// </summary>
    internal static string Settle(string database)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
        vacuum.ExecuteNonQuery();
        return $"store settled first (VACUUM ANALYZE, {watch.Elapsed.TotalSeconds:0.0} s, not timed)";
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : $"{a}; {b}";

    private static (long Objects, long Datasets) Rows(string database)
    {
        using var connection = database.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? (System.Data.Common.DbConnection)new NpgsqlConnection(database)
            : new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM harvest_object), (SELECT count(*) FROM dataset)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>The bench's own engine, with the harvester types the `harvester` tool has (the engine itself names none).</summary>
internal static class Engines
{
    public static HarvestEngine Open(HarvestSettings settings) =>
        new(settings, registry: Harvest.Harvesters.BuiltInHarvesters.CreateRegistry(settings));
}
