using Harvest.Engine.Model;
using Harvest.Engine.Reports;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>Job reports: errors by object with guid, original URL and stage; the most frequent messages; timings.</summary>
public sealed class JobReportTests
{
    /// <summary>10 records time out at fetch, 5 fail import alike, 26 fail import each its own way, 4 are fine.</summary>
    private static ScriptedHarvester Scripted()
    {
        var harvester = new ScriptedHarvester();
        for (var i = 0; i < 45; i++) harvester.Add($"r{i:00}", $"Record {i}");
        harvester.Fetch = o => int.Parse(o.Guid[1..]) < 10 ? throw new TimeoutException("the remote timed out") : o.Content!;
        var import = harvester.Import;
        harvester.Import = o => int.Parse(o.Guid[1..]) switch
        {
            < 10 => import(o),
            < 15 => throw new InvalidOperationException("title is not allowed"),
            < 41 and var n => throw new InvalidOperationException($"unique problem {n}"),
            _ => import(o),
        };
        return harvester;
    }

    [Fact]
    public async Task Errors_are_grouped_by_object_and_counted_by_message()
    {
        var harvester = Scripted();
        using var harvest = new TestHarvest(registry: harvester.Registry());
        await AssertScriptedReport(harvest);
    }

    [PostgresFact]
    public async Task The_report_is_the_same_on_PostgreSQL()
    {
        var harvester = Scripted();
        using var harvest = TestHarvest.OnPostgres(registry: harvester.Registry());
        await AssertScriptedReport(harvest);
    }

    private static async Task AssertScriptedReport(TestHarvest harvest)
    {
        harvest.AddSource("https://remote.example/", type: ScriptedHarvester.TypeName);
        var report = await harvest.RunAsync();
        Assert.Equal(41, report.Stats.Errored);
        Assert.Equal(4, report.Stats.Added);

        Assert.Equal(41, report.ObjectErrors.Count);
        var timedOut = Assert.Single(report.ObjectErrors, o => o.Guid == "r03");
        Assert.Equal(HarvestStage.Fetch, timedOut.Stage);
        Assert.Equal("https://remote.example/r03", timedOut.OriginalUrl);
        Assert.Contains("the remote timed out", Assert.Single(timedOut.Errors).Message);
        Assert.Equal(HarvestStage.Import, Assert.Single(report.ObjectErrors, o => o.Guid == "r12").Stage);

        Assert.Equal(JobReportBuilder.TopMessages, report.TopObjectMessages.Count);
        Assert.Equal(10, report.TopObjectMessages[0].Count);
        Assert.Contains("the remote timed out", report.TopObjectMessages[0].Message);
        Assert.Equal(5, report.TopObjectMessages[1].Count);
        Assert.Contains("title is not allowed", report.TopObjectMessages[1].Message);
        Assert.All(report.TopObjectMessages.Skip(2), m => Assert.Equal(1, m.Count));
        Assert.Empty(report.TopGatherMessages);

        var timings = report.Timings;
        Assert.NotNull(timings.Gather);
        Assert.NotNull(timings.Fetch);
        Assert.NotNull(timings.Import);
        Assert.NotNull(timings.Total);
        Assert.Equal(45, timings.Records);
        Assert.False(timings.StagesOverlapped);
        Assert.True(timings.Total >= timings.Gather);
    }

    [Fact]
    public async Task Gather_errors_are_counted_by_message()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(Path.Combine(harvest.Folder, "missing.json"));
        var report = await harvest.RunAsync();
        var top = Assert.Single(report.TopGatherMessages);
        Assert.Equal(1, top.Count);
        // The cause, without the path that names this one source.
        Assert.EndsWith("the file '…' does not exist", top.Message);
        Assert.Contains(Path.Combine(harvest.Folder, "missing.json"), Assert.Single(report.GatherErrors).Message);
        Assert.Empty(report.TopObjectMessages);
        Assert.Equal(0, report.Timings.Records);
        Assert.Null(report.Timings.RecordsPerSecond);
    }

    [Fact]
    public void Timings_of_stages_run_one_after_the_other()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var job = new HarvestJob
        {
            JobId = "j", SourceId = "s", Status = JobStatus.Finished, Created = t0.AddSeconds(-5), GatherStarted = t0,
            GatherFinished = t0.AddSeconds(10), Finished = t0.AddSeconds(100),
        };
        var times = new JobObjectTimes
        {
            FirstGathered = t0.AddSeconds(1), LastGathered = t0.AddSeconds(9), FirstFetched = t0.AddSeconds(12),
            LastFetched = t0.AddSeconds(40), FirstImported = t0.AddSeconds(41), LastImported = t0.AddSeconds(90),
            ByState = new Dictionary<ObjectState, int> { [ObjectState.Complete] = 180, [ObjectState.Error] = 20 },
        };
        var timings = JobTimings.From(job, times, t0.AddDays(1));
        Assert.Equal(TimeSpan.FromSeconds(10), timings.Gather);
        Assert.Equal(TimeSpan.FromSeconds(30), timings.Fetch);
        Assert.Equal(TimeSpan.FromSeconds(50), timings.Import);
        Assert.Equal(TimeSpan.FromSeconds(100), timings.Total);
        Assert.Equal(200, timings.Records);
        Assert.Equal(2.0, timings.RecordsPerSecond);
        Assert.False(timings.StagesOverlapped);
        Assert.Equal("gather 10 s, fetch 30 s, import 50 s, total 1 min 40 s, 2 records/s", timings.ToString());
    }

    [Fact]
    public void Timings_of_interleaved_stages_and_of_a_running_job()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var job = new HarvestJob
        {
            JobId = "j", SourceId = "s", Status = JobStatus.Running, Created = t0, GatherStarted = t0, GatherFinished = t0.AddSeconds(4),
        };
        var times = new JobObjectTimes
        {
            FirstFetched = t0.AddSeconds(5), LastFetched = t0.AddSeconds(20), FirstImported = t0.AddSeconds(6), LastImported = t0.AddSeconds(21),
            ByState = new Dictionary<ObjectState, int> { [ObjectState.Complete] = 30, [ObjectState.Waiting] = 70 },
        };
        var timings = JobTimings.From(job, times, t0.AddSeconds(30));
        Assert.True(timings.StagesOverlapped);
        Assert.Equal(TimeSpan.FromSeconds(16), timings.Import);
        Assert.Equal(TimeSpan.FromSeconds(30), timings.Total);
        Assert.Equal(1.0, timings.RecordsPerSecond);
    }

    [Fact]
    public async Task Cli_job_report_prints_timings_and_frequent_messages()
    {
        using var cli = new CliRunner();
        var catalog = Path.Combine(cli.Folder, "catalog.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        Assert.Equal(0, (await cli.RunAsync("harvest", catalog, "--name", "parks")).ExitCode);
        var (_, jobs) = await cli.RunJsonAsync("jobs");
        var jobId = jobs[0].GetProperty("id").GetString()!;

        var (result, json) = await cli.RunJsonAsync("job-report", jobId);
        Assert.Equal(0, result.ExitCode);
        var timings = json.GetProperty("timings");
        Assert.Equal(2, timings.GetProperty("records").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, timings.GetProperty("gatherSeconds").ValueKind);
        Assert.Equal(0, json.GetProperty("topObjectMessages").GetArrayLength());
        Assert.Equal(0, json.GetProperty("topGatherMessages").GetArrayLength());

        var text = await cli.RunAsync("job-report", jobId);
        Assert.Contains("timings: gather ", text.Stdout);
        Assert.Contains("records/s", text.Stdout);

        File.Delete(catalog);
        Assert.Equal(1, (await cli.RunAsync("run-test", "parks")).ExitCode);
        var (_, after) = await cli.RunJsonAsync("jobs");
        var failed = await cli.RunAsync("job-report", after[0].GetProperty("id").GetString()!);
        Assert.Contains("most frequent gather errors:", failed.Stdout);
        Assert.Contains("  1  ", failed.Stdout);
    }
}
