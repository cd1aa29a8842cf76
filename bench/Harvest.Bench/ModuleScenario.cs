using System.Diagnostics;
using System.Globalization;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;

namespace Harvest.Bench;

/// <summary>
/// The module scenario (SQLite): the same CKAN catalog harvested by <c>Invoke-Harvest</c> in pwsh into a fresh store,
/// against the CLI's full scenario of the same run; then <c>Get-HarvestDataset</c> over that store: the time to its first
/// object, and <c>Get-HarvestDataset | Measure-Object</c> over all of them with the pwsh process's peak RSS, next to a
/// pwsh that only imports the module and takes the first dataset (what streaming every dataset costs beyond that).
/// </summary>
public sealed class ModuleScenario(BenchOptions options, SyntheticCatalog catalog, CkanSite site, string logDir, string workDir, BenchReport report)
{
    private const string SourceName = "bench-module";

    public async Task RunAsync()
    {
        catalog.Reset();
        catalog.Warm();
        var size = catalog.Count;
        var database = Path.Combine(workDir, $"harvest-module-{size}.db");
        foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
        var settingsFile = Path.Combine(workDir, "settings.json");
        await File.WriteAllTextAsync(settingsFile, "{}");
        var settings = SettingsLoader.Load(settingsFile) with { Database = database };
        using (var engine = Engines.Open(settings))
            engine.Sources.Create(new NewSourceRequest
            {
                Name = SourceName, Url = site.BaseUrl, Type = "ckan",
                Config = $$"""{"page_size": {{options.PageSize}}, "force_all": true, "delete_missing": true}""",
            });
        var env = new Dictionary<string, string> { ["HARVEST_CONFIG"] = settingsFile, ["HARVEST_DATABASE"] = database };
        var cli = report.Scenarios.LastOrDefault(s => s is { Store: "sqlite", Scenario: "full", Failed: null } && s.Size == size);

        var harvest = await RunPwshAsync("module-full", size, env,
            "$clock = [Diagnostics.Stopwatch]::StartNew(); $job = Invoke-Harvest -Name " + SourceName + "; " +
            "'invoke-harvest {0} {1}' -f $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture), $job.Status");
        if (harvest.Record.Failed is null)
        {
            var inPwsh = harvest.Seconds("invoke-harvest");
            using var engine = Engines.Open(settings);
            var job = engine.Jobs.Get(engine.Jobs.List(SourceName, limit: 1)[0].JobId);
            harvest.Record.Stats = job.Stats;
            harvest.Record.JobStatus = job.Status.ToString();
            harvest.Record.DatasetsPerSecond = job.Stats.Total / inPwsh;
            harvest.Record.Note = $"Invoke-Harvest {inPwsh:0.00} s inside pwsh (the whole pwsh process {harvest.Record.Seconds:0.00} s)" +
                (cli is null ? "; no CLI full scenario in this run to compare with" : $"; CLI run-test {cli.Seconds:0.00} s: {inPwsh / cli.Seconds:0.00}x");
            if (job.Status.ToString() != "Finished" || job.Stats.Errored > 0) harvest.Record.Failed = $"job {job.Status}, {job.Stats}";
        }
        report.Scenarios.Add(harvest.Record);
        Print(harvest.Record);
        if (harvest.Record.Failed is not null) return;

        var first = await RunPwshAsync("module-first", size, env,
            "$clock = [Diagnostics.Stopwatch]::StartNew(); $first = Get-HarvestDataset | Select-Object -First 1; " +
            "'first {0}' -f $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)");
        var all = await RunPwshAsync("module-list", size, env,
            "$clock = [Diagnostics.Stopwatch]::StartNew(); $count = (Get-HarvestDataset | Measure-Object).Count; " +
            "'all {0} {1}' -f $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture), $count");
        var record = all.Record;
        if (first.Record.Failed is not null) record.Failed ??= "first: " + first.Record.Failed;
        if (record.Failed is null)
        {
            var listed = (int)all.Number("all", 2);
            var seconds = all.Seconds("all");
            record.DatasetsPerSecond = listed / seconds;
            record.PeakRssMb["pwsh (first only)"] = first.Record.PeakRssMb["pwsh"];
            record.Note = $"Get-HarvestDataset: first object after {first.Seconds("first"):0.000} s; {listed} datasets through Measure-Object in {seconds:0.00} s; " +
                          $"peak RSS {record.PeakRssMb["pwsh"]:0} MB against {first.Record.PeakRssMb["pwsh"]:0} MB for the first only";
            if (listed != size) record.Failed = $"listed {listed} of {size}";
        }
        report.Scenarios.Add(record);
        Print(record);
    }

    private static void Print(ScenarioRecord record) =>
        Console.WriteLine($"sqlite   N={record.Size,-7} {record.Scenario,-12} {(record.Failed is null ? record.Note : "FAILED: " + record.Failed)}");

    private async Task<PwshRun> RunPwshAsync(string scenario, int size, Dictionary<string, string> env, string measured)
    {
        var module = Path.Combine(options.ModuleFolder, "Harvest.psd1");
        var script = $"$ErrorActionPreference = 'Stop'; Import-Module '{module}'; {measured}";
        var log = Path.Combine(logDir, $"sqlite-{size}-{scenario}-pwsh.log");
        File.Delete(log);
        var record = new ScenarioRecord { Store = "sqlite", Size = size, Scenario = scenario };
        var watch = Stopwatch.StartNew();
        using (var child = new Child("pwsh", "pwsh", ["-NoProfile", "-NonInteractive", "-Command", script], env, log))
        {
            var code = await child.WaitAsync(TimeSpan.FromMinutes(options.TimeoutMinutes));
            record.Seconds = watch.Elapsed.TotalSeconds;
            record.PeakRssMb["pwsh"] = Math.Round(child.PeakRssBytes / 1048576.0, 1);
            if (code != 0) record.Failed = $"pwsh exited with {code}: see {log}";
        }
        return new PwshRun(record, File.Exists(log) ? File.ReadAllLines(log) : []);
    }

    /// <summary>A pwsh run: its record, and the lines it printed (`name value...`).</summary>
    private sealed record PwshRun(ScenarioRecord Record, string[] Lines)
    {
        public double Seconds(string name) => Number(name, 1);

        public double Number(string name, int field)
        {
            var line = Lines.LastOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"pwsh printed no '{name}' line");
            return double.Parse(line.Split(' ')[field], CultureInfo.InvariantCulture);
        }
    }
}
