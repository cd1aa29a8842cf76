using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harvest.Engine;
using Harvest.Engine.Settings;
using Harvest.WebBench;

// The served catalog's speed: package_search latency over N datasets and /data.json's memory while it streams.
// Usage: dotnet Harvest.WebBench.dll --harvester PATH/harvester.dll [--size 100000] [--store sqlite|postgres] [--requests 200] [--seed 42]
//        [--keep-store] (PostgreSQL: the database is left for a look afterwards, and its name printed)
var options = Options.Parse(args);
var work = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results", "web"));
Directory.CreateDirectory(work);
var database = options.Store == "postgres"
    ? Postgres.CreateDatabase($"harvest_webbench_{options.Size}_{Environment.ProcessId}")
    : Path.Combine(work, $"catalog-{options.Size}-{options.Seed}.db");
var fresh = options.Store == "postgres" || !File.Exists(database);
var settings = new HarvestSettings { Database = database };
if (fresh)
{
    using var engine = new HarvestEngine(settings);
    Console.Error.WriteLine($"filling {options.Store} with {options.Size:N0} datasets ...");
    var took = CatalogFiller.Fill(engine, options.Size, options.Seed);
    Console.Error.WriteLine($"filled in {took.TotalSeconds:0.0} s");
    // What autovacuum does a while after a bulk load: without it PostgreSQL's counts visit every row's heap page.
    if (options.Store == "postgres") Postgres.Vacuum(database);
}
else
{
    // A store kept from an earlier run may need the schema's newer migrations (7 fills the full-text index).
    var clock = Stopwatch.StartNew();
    using var engine = new HarvestEngine(settings);
    var version = engine.Initialize().SchemaVersion;
    Console.Error.WriteLine($"opened the kept store at schema version {version} in {clock.Elapsed.TotalSeconds:0.0} s");
}
try
{
    await using var server = await ServerProcess.StartAsync(options.Harvester, database);
    using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromMinutes(10) };
    var report = new Dictionary<string, object> { ["size"] = options.Size, ["store"] = options.Store, ["requests"] = options.Requests };
    if (options.Store == "postgres")
    {
        report["postgres"] = Harvest.Shared.PostgresServer.Describe(database);
        Console.WriteLine($"PostgreSQL {report["postgres"]}");
    }
    var random = new Random(options.Seed);
    string Pick(string[] values) => values[random.Next(values.Length)];
    var queries = new (string Name, Func<string> Query)[]
    {
        ("default (rows=10)", () => "rows=10"),
        ("q=word", () => $"q={Pick(CatalogFiller.Words)}&rows=10"),
        ("q=two words", () => $"q={Uri.EscapeDataString($"{Pick(CatalogFiller.Words)} {Pick(CatalogFiller.Words)}")}&rows=10"),
        ("q=\"a phrase\"", () => $"q={Uri.EscapeDataString($"\"{Pick(CatalogFiller.Words)} {Pick(CatalogFiller.Words)}\"")}&rows=10"),
        ("q=prefix* (11 words)", () => $"q={Uri.EscapeDataString($"topic{random.Next(10, 30)}*")}&rows=10"),
        ("q=word, sort name", () => $"q={Pick(CatalogFiller.Words)}&sort=name%20asc&rows=10"),
        ("fq=organization", () => $"fq=organization:{Pick(CatalogFiller.Organizations)}&rows=10"),
        ("fq=tags", () => $"fq=tags:{Pick(CatalogFiller.Words)}&rows=10"),
        ("fq=metadata_modified", () => $"fq={Uri.EscapeDataString($"metadata_modified:[2022-{random.Next(1, 13):00}-01T00:00:00Z TO *]")}&rows=10"),
        ("org+tag+modified, sort name", () => $"fq={Uri.EscapeDataString($"organization:{Pick(CatalogFiller.Organizations)} tags:{Pick(CatalogFiller.Words)} metadata_modified:[2021-01-01T00:00:00Z TO *]")}&sort=name%20asc&rows=20"),
        ("page start=N sort id (rows=100)", () => $"q=*:*&sort=id%20asc&rows=100&start={random.Next(0, Math.Max(1, options.Size - 100))}"),
    };
    foreach (var (_, query) in queries) await http.GetStringAsync("/api/3/action/package_search?" + query()); // warm-up
    var all = new List<double>();
    var perQuery = new List<object>();
    Console.WriteLine($"package_search over {options.Size:N0} datasets ({options.Store}), {options.Requests} requests per query, one client:");
    Console.WriteLine($"{"query",-34} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
    foreach (var (name, query) in queries)
    {
        var times = new List<double>();
        for (var i = 0; i < options.Requests; i++)
        {
            var url = "/api/3/action/package_search?" + query();
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
        }
        all.AddRange(times);
        perQuery.Add(new { name, p50 = Percentile(times, 50), p95 = Percentile(times, 95), max = times.Max() });
        Console.WriteLine($"{name,-34} {Percentile(times, 50),8:0.0} {Percentile(times, 95),8:0.0} {times.Max(),8:0.0}");
    }
    Console.WriteLine($"{"all queries",-34} {Percentile(all, 50),8:0.0} {Percentile(all, 95),8:0.0} {all.Max(),8:0.0}");
    report["package_search"] = perQuery;
    report["package_search_p95_ms"] = Percentile(all, 95);

    var harvesterPage = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var clock = Stopwatch.StartNew();
        await http.GetByteArrayAsync($"/api/3/action/package_search?q=*:*&sort=id%20asc&rows=1000&start={random.Next(0, Math.Max(1, options.Size - 1000))}");
        harvesterPage.Add(clock.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"{"a CKAN harvester's page (rows=1000)",-34} {Percentile(harvesterPage, 50),8:0.0} {Percentile(harvesterPage, 95),8:0.0} {harvesterPage.Max(),8:0.0}");
    report["harvester_page_rows_1000_p95_ms"] = Percentile(harvesterPage, 95);

    // data.json: the server's memory before, while and after it streams the whole catalog.
    var before = server.Rss();
    var peakBefore = server.PeakRss();
    var samples = new List<long>();
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested) { samples.Add(server.Rss()); await Task.Delay(50); }
    });
    var stream = Stopwatch.StartNew();
    using var dataJson = await http.GetAsync("/data.json", HttpCompletionOption.ResponseHeadersRead);
    var firstByte = stream.Elapsed;
    await using var body = await dataJson.Content.ReadAsStreamAsync();
    var bytes = 0L;
    var buffer = new byte[1 << 16];
    int read;
    while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
    var total = stream.Elapsed;
    await sampling.CancelAsync();
    await sampler;
    var peak = Math.Max(samples.DefaultIfEmpty(0).Max(), server.PeakRss());
    var datasets = await CountDatasets(http);
    Console.WriteLine();
    Console.WriteLine($"/data.json: {datasets:N0} datasets, {bytes / 1048576.0:0.0} MiB in {total.TotalSeconds:0.0} s (first byte after {firstByte.TotalMilliseconds:0} ms)");
    Console.WriteLine($"server RSS: {before / 1048576.0:0} MiB before, peak {peak / 1048576.0:0} MiB while streaming (peak before: {peakBefore / 1048576.0:0} MiB), " +
        $"{server.Rss() / 1048576.0:0} MiB after; grew {(peak - before) / 1048576.0:0} MiB for a {bytes / 1048576.0:0} MiB document");
    report["data_json"] = new { datasets, bytes, seconds = total.TotalSeconds, first_byte_ms = firstByte.TotalMilliseconds, rss_before = before, rss_peak = peak, rss_after = server.Rss() };

    var file = Path.Combine(work, $"web-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
    File.WriteAllText(file, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"saved {file}");
}
finally
{
    if (options.Store == "postgres" && options.KeepStore)
        Console.WriteLine($"kept the database: {new Npgsql.NpgsqlConnectionStringBuilder(database).Database}");
    else if (options.Store == "postgres")
        Postgres.DropDatabase(database);
}

static double Percentile(List<double> values, double percent)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

static async Task<int> CountDatasets(HttpClient http)
{
    using var document = JsonDocument.Parse(await http.GetStringAsync("/api/3/action/package_search?rows=0"));
    return document.RootElement.GetProperty("result").GetProperty("count").GetInt32();
}

internal sealed record Options(string Harvester, int Size, string Store, int Requests, int Seed, bool KeepStore)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var harvester = Value("--harvester", "");
        if (harvester.Length == 0 || !File.Exists(harvester)) throw new ArgumentException("--harvester PATH/harvester.dll is required (bench/run-web passes it)");
        return new Options(harvester, int.Parse(Value("--size", "100000"), CultureInfo.InvariantCulture), Value("--store", "sqlite"),
            int.Parse(Value("--requests", "200"), CultureInfo.InvariantCulture), int.Parse(Value("--seed", "42"), CultureInfo.InvariantCulture),
            args.Contains("--keep-store"));
    }
}
