using System.Globalization;
using System.Text.Json;
using Harvest.MemoryBench;

// Peak memory of harvesting a data.json whose one record holds a huge description (issue 18 item 7): see bench/README.md.
// `bash bench/run-memory [--field-mb 100] [--records 5] [--store sqlite|postgres]`
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var fieldMb = 100;
var records = 5;
var store = "sqlite";
var dir = new DirectoryInfo(AppContext.BaseDirectory);
while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Harvest.slnx"))) dir = dir.Parent;
var root = dir?.FullName ?? Directory.GetCurrentDirectory();
var harvester = Path.Combine(root, "src", "Harvest.Cli", "bin", "Release", "net10.0", "harvester.dll");
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--field-mb": fieldMb = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--records": records = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--harvester": harvester = Path.GetFullPath(Next()); break;
        case "--store": store = Next(); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}\nusage: Harvest.MemoryBench [--field-mb 100] [--records 5] [--store sqlite|postgres] [--harvester PATH/harvester.dll]");
            return 2;
    }
}
var postgres = Environment.GetEnvironmentVariable("HARVEST_TEST_POSTGRES");
if (store is not ("sqlite" or "postgres") || (store == "postgres" && string.IsNullOrEmpty(postgres)))
{
    Console.Error.WriteLine(store == "postgres" ? "--store postgres needs HARVEST_TEST_POSTGRES (a role that may create databases)" : $"unknown store {store}");
    return 2;
}
if (!File.Exists(harvester))
{
    Console.Error.WriteLine($"harvester not found at {harvester}: build it first (dotnet build -c Release src/Harvest.Cli), or use bench/run-memory");
    return 2;
}

var work = Path.Combine(root, "bench", "results", "memory");
Directory.CreateDirectory(work);
var fieldBytes = fieldMb * 1_000_000L;
var results = new List<Dictionary<string, object>>();
// The baseline is the same harvest without the huge record: what an ordinary small harvest costs the process.
foreach (var (name, field) in new[] { ("baseline", 0L), ("huge-field", fieldBytes) })
{
    var catalog = Path.Combine(work, $"{name}.json");
    HugeCatalog.Write(catalog, records, field);
    var database = Path.Combine(work, $"{name}.db");
    foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
    using var throwaway = store == "postgres" ? new ThrowawayDatabase(postgres!, name) : null;
    if (throwaway is not null) database = throwaway.ConnectionString;
    var settings = Path.Combine(work, "settings.json");
    await File.WriteAllTextAsync(settings, "{}");
    var env = new Dictionary<string, string> { ["HARVEST_CONFIG"] = settings, ["HARVEST_DATABASE"] = database, ["DOTNET_gcServer"] = "0" };
    var create = await HarvesterRun.StartAsync(harvester, ["source", "create", "memory", catalog, "datajson"], env);
    if (create.ExitCode != 0) { Console.Error.WriteLine($"source create failed:\n{create.Output}"); return 1; }
    var run = await HarvesterRun.StartAsync(harvester, ["run-test", "memory", "--json"], env);
    var expected = records + (field > 0 ? 1 : 0);
    var added = Added(run.Output);
    var ok = run.ExitCode == 0 && added == expected;
    Console.WriteLine($"{name,-10} catalog {new FileInfo(catalog).Length / 1e6,7:0.0} MB  {run.Seconds,6:0.00} s  peak RSS {run.PeakRssBytes / 1048576.0,7:0} MiB  " +
                      $"added {added}/{expected}{(ok ? "" : $"  FAILED (exit {run.ExitCode})")}");
    if (!ok) Console.Error.WriteLine(run.Output.Length > 4000 ? run.Output[..4000] : run.Output);
    results.Add(new()
    {
        ["scenario"] = name, ["field_bytes"] = field, ["catalog_bytes"] = new FileInfo(catalog).Length, ["seconds"] = Math.Round(run.Seconds, 2),
        ["peak_rss_bytes"] = run.PeakRssBytes, ["added"] = added ?? -1, ["ok"] = ok,
    });
}

var baseline = (long)results[0]["peak_rss_bytes"];
var huge = (long)results[1]["peak_rss_bytes"];
var factor = (huge - baseline) / (double)fieldBytes;
Console.WriteLine($"\n{store}: above the baseline: {(huge - baseline) / 1048576.0:0} MiB for a {fieldMb} MB field = {factor:0.0}x the field (target: at most about 5x)");
var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
var json = Path.Combine(root, "bench", "results", $"memory-{stamp}.json");
await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["field_mb"] = fieldMb, ["ordinary_records"] = records, ["store"] = store, ["harvester"] = harvester, ["runs"] = results,
    ["above_baseline_x_field"] = Math.Round(factor, 2),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"saved {Path.GetRelativePath(root, json)}");
return results.All(r => (bool)r["ok"]) ? 0 : 1;

// The job report of `run-test --json`: how many records it added.
static int? Added(string output)
{
    var start = output.IndexOf('{');
    if (start < 0) return null;
    try
    {
        using var document = JsonDocument.Parse(output[start..]);
        return FindAdded(document.RootElement);
    }
    catch (JsonException)
    {
        return null;
    }
}

static int? FindAdded(JsonElement element)
{
    if (element.ValueKind != JsonValueKind.Object) return null;
    foreach (var property in element.EnumerateObject())
    {
        if (property.NameEquals("added") && property.Value.ValueKind == JsonValueKind.Number) return property.Value.GetInt32();
        if (FindAdded(property.Value) is { } found) return found;
    }
    return null;
}
