using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Harvest.Bench;

// The Harvest benchmark harness: see bench/README.md. `bash bench/run [--quick] [--sizes 10000,100000] ...`
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options is null) return 2;

var root = options.RepoRoot;
var resultsDir = Path.Combine(root, "bench", "results");
var workDir = Path.Combine(resultsDir, "work");
Directory.CreateDirectory(workDir);
var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
var logDir = Path.Combine(resultsDir, "logs-" + stamp);
Directory.CreateDirectory(logDir);
if (!File.Exists(options.HarvesterDll))
{
    Console.Error.WriteLine($"harvester not found at {options.HarvesterDll}: build it first (dotnet build -c Release src/Harvest.Cli), or use bench/run");
    return 2;
}
if (options.Stores.Contains("postgres") && options.Postgres is null)
{
    Console.Error.WriteLine("PostgreSQL: set HARVEST_BENCH_POSTGRES or HARVEST_TEST_POSTGRES (eval \"$(bash .ci/services)\"), or pass --stores sqlite");
    return 2;
}

Console.WriteLine($"Harvest bench: sizes {string.Join(",", options.Sizes)}, stores {string.Join(",", options.Stores)}, scenarios {string.Join(",", options.Scenarios)}, " +
                  $"mq {options.Mq} (postgres), {(options.GatherOnly ? "gather only" : $"{options.FetchConsumers} fetch consumers x {options.FetchConcurrency} workers")}, seed {options.Seed}, {Environment.ProcessorCount} cores");
var report = new BenchReport
{
    Started = DateTimeOffset.UtcNow, Machine = Machine.Describe(), Options = options,
};
if (options.Stores.Contains("postgres"))
{
    report.Machine["postgres"] = Harvest.Shared.PostgresServer.Describe(options.Postgres!);
    Console.WriteLine($"PostgreSQL {report.Machine["postgres"]}");
}

var json = Path.Combine(resultsDir, $"bench-{stamp}.json");
// Saved after every store and size, and once more however the run ends: a run that measured never ends without its results.
void Save() => File.WriteAllText(json, JsonSerializer.Serialize(report, BenchReport.Json));
var ckanScenarios = options.Scenarios.Where(s => s is not ("datajson" or "module")).ToList();
var moduleScenario = options.Scenarios.Contains("module");
try
{
    foreach (var size in options.Sizes)
    {
        if (options.Scenarios.Contains("datajson"))
        {
            var dataJson = new DataJsonScenario(options, logDir, workDir, report);
            foreach (var store in options.Stores) await dataJson.RunAsync(size, store);
            Save();
        }
        if (ckanScenarios.Count == 0 && !moduleScenario) continue;
        var catalog = new SyntheticCatalog(size, options.Seed);
        var warm = Stopwatch.StartNew();
        catalog.Warm();
        Console.WriteLine($"generated {size} package dicts in {warm.Elapsed.TotalSeconds:0.0} s (held in memory, so that serving costs the harvest little)");
        await using var site = await CkanSite.StartAsync(catalog);
        var sample = Enumerable.Range(0, Math.Min(size, 500)).Select(i => catalog.Package(i).Length).ToList();
        Console.WriteLine($"\n== N = {size}: catalog at {site.BaseUrl}, package dicts {sample.Min()}-{sample.Max()} bytes (mean {sample.Average():0}) ==");

        var download = await Floor.DownloadAsync(site.BaseUrl, options.PageSize);
        Console.WriteLine($"floor (i) download + parse: {download.Seconds:0.00} s, {download.Rows} datasets, {download.Bytes / 1048576.0:0} MB");
        report.Floors.Add(new FloorRecord(size, "any", "download", download.Seconds, download.Rows, download.Bytes));

        var scenarios = new ScenarioRunner(options, catalog, site, logDir, workDir, report, Save);
        foreach (var store in ckanScenarios.Count == 0 ? [] : options.Stores)
        {
            catalog.Reset(); // the scenarios of the previous store changed it
            catalog.Warm();
            var floorDatabase = $"harvest_bench_floor_{size}_{options.RunTag}";
            var load = store == "sqlite"
                ? Floor.LoadSqlite(catalog, Path.Combine(workDir, $"floor-{size}.db"))
                : Floor.LoadPostgres(catalog, Postgres.FreshDatabase(options.Postgres!, floorDatabase));
            Console.WriteLine($"floor (ii) bulk load into {store}: {load.Seconds:0.00} s, {load.Rows} rows");
            report.Floors.Add(new FloorRecord(size, store, "load", load.Seconds, load.Rows, load.Bytes));
            var floor = download.Seconds + load.Seconds;
            if (store == "postgres" && Postgres.TryDrop(options.Postgres!, floorDatabase) is { } problem)
                report.Note($"database {floorDatabase} was left on the server (drop it by hand): {problem}");
            await scenarios.RunStoreAsync(store, floor);
        }
        if (moduleScenario) await new ModuleScenario(options, catalog, site, logDir, workDir, report).RunAsync();
        Save();
    }
}
catch (Exception e)
{
    report.Note($"the run stopped early: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e);
}
finally
{
    report.Finished = DateTimeOffset.UtcNow;
    Save();
}

Console.WriteLine();
Console.WriteLine(report.Table());
Console.WriteLine($"\nsaved {Path.GetRelativePath(root, json)}; process logs in {Path.GetRelativePath(root, logDir)}");
return report.Scenarios.Any(s => s.Failed is not null) || report.Notes.Any(n => n.StartsWith("the run stopped", StringComparison.Ordinal)) ? 1 : 0;

public sealed class BenchOptions
{
    public List<int> Sizes { get; set; } = [10_000, 100_000];
    public List<string> Stores { get; set; } = ["sqlite", "postgres"];
    public List<string> Scenarios { get; set; } = ["full", "unchanged", "changed"];
    /// <summary>The queue of the PostgreSQL scenarios (mq_type): Redis by default, as issue 8's target asks.</summary>
    public string Mq { get; set; } = "redis";
    /// <summary>Broker settings for --mq redis / amqp: passed to every process as HARVEST_MQ_* variables.</summary>
    public Dictionary<string, string> MqSettings { get; set; } = [];
    public int FetchConsumers { get; set; } = 2;
    public int FetchConcurrency { get; set; } = 1;
    public int Seed { get; set; } = 42;
    public int PageSize { get; set; } = 1000;
    [JsonIgnore] public string? Postgres { get; set; }
    [JsonIgnore] public string RepoRoot { get; set; } = "";
    [JsonIgnore] public string HarvesterDll { get; set; } = "";
    /// <summary>The published module the module scenario imports (bench/run publishes it there in Release).</summary>
    [JsonIgnore] public string ModuleFolder { get; set; } = "";
    /// <summary>Names this run's databases and queue site id, so that two runs at once do not drop each other's.</summary>
    public string RunTag { get; set; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    public int TimeoutMinutes { get; set; } = 30;
    /// <summary>PostgreSQL: only the gather consumer runs; a scenario ends once the job's objects are queued for fetch.</summary>
    public bool GatherOnly { get; set; }
    /// <summary>PostgreSQL: the scenarios' database is left on the server (named in the output) for a look at its plans.</summary>
    public bool KeepStore { get; set; }

    private const string Usage = """
        usage: Harvest.Bench [--quick] [--sizes 10000,100000] [--stores sqlite,postgres] [--scenarios full,unchanged,changed,datajson,module]
                             [--mq redis|database|amqp] [--mq-hostname H] [--mq-port P] [--mq-redis-db N] [--mq-password X]
                             [--fetch-consumers 2] [--fetch-concurrency 1] [--seed 42] [--page-size 1000]
                             [--postgres CONNSTR] [--harvester PATH/harvester.dll] [--timeout-minutes 30] [--gather-only] [--keep-store]
        """;

    /// <summary>
    /// A server on this machine is reached without TLS unless the connection string asks for it: encrypting every
    /// row between processes on one host measures OpenSSL, not the harvest (about a third of the consumers' time).
    /// Consumers, the bench's own engine and the floor all use the same string.
    /// </summary>
    private static string? WithoutTlsOnLoopback(string? connectionString)
    {
        if (connectionString is null) return null;
        var builder = Harvest.Engine.Store.PostgresConnectionString.Parse(connectionString);
        var loopback = builder.Host is "127.0.0.1" or "localhost" or "::1";
        if (!loopback || connectionString.Contains("ssl", StringComparison.OrdinalIgnoreCase)) return connectionString;
        builder.SslMode = Npgsql.SslMode.Disable;
        return builder.ConnectionString;
    }

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions();
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Harvest.slnx"))) dir = dir.Parent;
        o.RepoRoot = dir?.FullName ?? Directory.GetCurrentDirectory();
        o.HarvesterDll = Path.Combine(o.RepoRoot, "src", "Harvest.Cli", "bin", "Release", "net10.0", "harvester.dll");
        o.ModuleFolder = Path.Combine(o.RepoRoot, "bench", "results", "module", "Harvest");
        o.Postgres = Environment.GetEnvironmentVariable("HARVEST_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HARVEST_TEST_POSTGRES");
        static List<string> List(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--quick": o.Sizes = [2_000]; break;
                    case "--sizes": o.Sizes = List(Next()).Select(s => int.Parse(s.Replace("_", "").Replace("k", "000"), CultureInfo.InvariantCulture)).ToList(); break;
                    case "--stores": o.Stores = List(Next()); break;
                    case "--scenarios": o.Scenarios = List(Next()); break;
                    case "--mq": o.Mq = Next(); break;
                    case "--mq-hostname": o.MqSettings["HARVEST_MQ_HOSTNAME"] = Next(); break;
                    case "--mq-port": o.MqSettings["HARVEST_MQ_PORT"] = Next(); break;
                    case "--mq-redis-db": o.MqSettings["HARVEST_MQ_REDIS_DB"] = Next(); break;
                    case "--mq-password": o.MqSettings["HARVEST_MQ_PASSWORD"] = Next(); break;
                    case "--fetch-consumers": o.FetchConsumers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--fetch-concurrency": o.FetchConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--page-size": o.PageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--postgres": o.Postgres = Next(); break;
                    case "--harvester": o.HarvesterDll = Path.GetFullPath(Next()); break;
                    case "--timeout-minutes": o.TimeoutMinutes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--gather-only": o.GatherOnly = true; break;
                    case "--keep-store": o.KeepStore = true; break;
                    case "-h" or "--help": Console.WriteLine(Usage); return null;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return null;
            }
        }
        o.Postgres = WithoutTlsOnLoopback(o.Postgres);
        if (o.Stores.Except(["sqlite", "postgres"]).FirstOrDefault() is { } badStore) { Console.Error.WriteLine($"unknown store {badStore}"); return null; }
        if (o.Scenarios.Except(["full", "unchanged", "changed", "datajson", "module"]).FirstOrDefault() is { } bad) { Console.Error.WriteLine($"unknown scenario {bad}"); return null; }
        if (o.GatherOnly && (o.Stores.Contains("sqlite") || o.Scenarios is not ["full"]))
        {
            Console.Error.WriteLine("--gather-only measures the PostgreSQL full scenario only: add --stores postgres --scenarios full");
            return null;
        }
        if (o.Mq is not ("redis" or "database" or "amqp")) { Console.Error.WriteLine($"unknown queue {o.Mq}: redis, database or amqp"); return null; }
        return o;
    }
}

public static class Machine
{
    public static Dictionary<string, string> Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var mem = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim() : "?";
        return new()
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), ["cpu"] = cpu, ["memory"] = mem,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["commit"] = Git("rev-parse --short HEAD"),
        };
    }

    private static string Git(string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception) { return "?"; }
    }
}
