using System.Diagnostics;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Harvest.Bench;

/// <summary>
/// The datajson scenario: a data.json of N records served whole with an ETag; a full harvest (`harvester run-test`), then
/// the same catalog again, which the server answers 304 (conditional GET): the job ends at its gather with every dataset
/// not modified and no object written.
/// </summary>
public sealed class DataJsonScenario(BenchOptions options, string logDir, string workDir, BenchReport report)
{
    private const string SourceName = "bench-datajson";

    public async Task RunAsync(int size, string store)
    {
        await using var site = await DataJsonSite.StartAsync(size, options.Seed);
        Console.WriteLine($"data.json of {size} records: {site.Bytes / 1048576.0:0} MB at {site.Url}");
        string database;
        if (store == "sqlite")
        {
            database = Path.Combine(workDir, $"harvest-datajson-{size}.db");
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
        }
        else
        {
            database = Postgres.FreshDatabase(options.Postgres!, $"harvest_bench_dj_{size}_{options.RunTag}");
        }
        var settingsFile = Path.Combine(workDir, "settings-datajson.json");
        await File.WriteAllTextAsync(settingsFile, "{}");
        var env = new Dictionary<string, string> { ["HARVEST_CONFIG"] = settingsFile, ["HARVEST_DATABASE"] = database };
        var settings = new HarvestSettings { Database = database };
        // The bench's own engine knows no harvester types: the harvester tool creates the source.
        using (var create = new Child("source-create", options.HarvesterDll, ["source", "create", SourceName, site.Url, "datajson"], env,
                   Path.Combine(logDir, $"{store}-{size}-datajson-source.log")))
        {
            if (await create.WaitAsync(TimeSpan.FromMinutes(2)) != 0) throw new InvalidOperationException($"source create failed: see {logDir}");
        }

        foreach (var scenario in new[] { "datajson-full", "datajson-304" })
        {
            Console.Write($"{store,-8} N={size,-7} {scenario,-13} ... ");
            var record = new ScenarioRecord { Store = store, Size = size, Scenario = scenario };
            try
            {
                var settled = store == "postgres" && scenario == "datajson-304" ? ScenarioRunner.Settle(database) + "; " : "";
                var objectsBefore = Objects(database);
                var served = site.BytesServed;
                var log = Path.Combine(logDir, $"{store}-{size}-{scenario}-run-test.log");
                var watch = Stopwatch.StartNew();
                using var child = new Child("run-test", options.HarvesterDll, ["run-test", SourceName, "--json"], env, log);
                var code = await child.WaitAsync(TimeSpan.FromMinutes(options.TimeoutMinutes));
                var seconds = watch.Elapsed.TotalSeconds;
                if (code != 0) throw new InvalidOperationException($"run-test exited with {code}: see {log}");
                using var engine = new HarvestEngine(settings);
                var job = engine.Jobs.Get(engine.Jobs.List(SourceName, limit: 1)[0].JobId);
                record.Seconds = seconds;
                record.GatherSeconds = Between(job.GatherStarted, job.GatherFinished);
                record.RestSeconds = Between(job.GatherFinished, job.Finished);
                record.PeakRssMb = new() { ["run-test"] = Math.Round(child.PeakRssBytes / 1048576.0, 1) };
                record.Stats = job.Stats;
                record.JobStatus = job.Status.ToString();
                record.ObjectsInserted = Objects(database) - objectsBefore;
                record.RowsWritten = record.ObjectsInserted + job.Stats.Added + job.Stats.Updated + job.Stats.Deleted;
                record.DatasetsPerSecond = job.Stats.Total / seconds;
                record.Note = $"{settled}{(site.BytesServed - served) / 1048576.0:0.0} MB served, {site.NotModifiedAnswers} answers 304 so far";
                var expected = scenario == "datajson-full" ? new JobStats { Added = size } : new JobStats { NotModified = size };
                if (job.Status != JobStatus.Finished || job.Stats != expected || (scenario == "datajson-304" && record.ObjectsInserted != 0))
                    record.Failed = $"job {job.Status}, {job.Stats}, {record.ObjectsInserted} objects written";
                Console.WriteLine($"{seconds,7:0.00} s (gather {record.GatherSeconds,6:0.00} s)  RSS {record.PeakRssMb["run-test"]:0}MB  {job.Stats}  {record.Note}");
            }
            catch (Exception e)
            {
                record.Failed = e.Message;
                Console.WriteLine($"FAILED: {e.Message}");
            }
            report.Scenarios.Add(record);
            if (record.Failed is not null) break;
        }
        var name = $"harvest_bench_dj_{size}_{options.RunTag}";
        if (store == "postgres" && Postgres.TryDrop(options.Postgres!, name) is { } problem)
            report.Note($"database {name} was left on the server (drop it by hand): {problem}");
    }

    private static double? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } a && to is { } b ? (b - a).TotalSeconds : null;

    private static long Objects(string database)
    {
        using var connection = database.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? (System.Data.Common.DbConnection)new NpgsqlConnection(database)
            : new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM harvest_object";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
