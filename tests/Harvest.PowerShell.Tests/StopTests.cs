using System.Management.Automation;

namespace Harvest.PowerShell.Tests;

/// <summary>
/// Stopping a running cmdlet as Ctrl+C, Stop-Job or a host does (PowerShell.Stop()), or through a preference that turns a write
/// into a stop: the command ends within seconds, its job is Aborted (never left Running) and what it wrote is consistent.
/// </summary>
public sealed class StopTests : IDisposable
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task Stopping_Invoke_Harvest_during_its_gather_ends_it_within_seconds_and_aborts_the_job()
    {
        await using var server = await Catalogs.TrickleAsync(records: 3000, TimeSpan.FromMilliseconds(20));
        _session.SetVariable("url", server.BaseUrl + "/data.json");
        _session.Run("New-HarvestSource -Name slow -Url $url -Type datajson | Out-Null").ThrowIfFailed();

        using var running = _session.Start("Invoke-Harvest -Name slow");
        RunningScript.Until(() => running.Pipeline.Streams.Progress.Any(p => p.CurrentOperation == "gather"), TimeSpan.FromSeconds(30), "gather progress");
        var took = running.Stop();
        var result = running.Wait(StopLimit);

        Assert.True(took < StopLimit, $"the stop took {took}");
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        Assert.Equal("Aborted", JobStatus("slow"));
        AssertConsistent("slow");
    }

    [Fact]
    public async Task Stopping_Invoke_Harvest_while_it_fetches_and_imports_aborts_the_job_and_keeps_datasets_and_objects_consistent()
    {
        await using var server = await Catalogs.ServeAsync(Catalogs.DataJson("big", 6000));
        _session.SetVariable("url", server.BaseUrl + "/data.json");
        _session.Run("New-HarvestSource -Name big -Url $url -Type datajson | Out-Null").ThrowIfFailed();

        using var running = _session.Start("Invoke-Harvest -Name big");
        RunningScript.Until(() => running.Pipeline.Streams.Progress.Any(p => p.CurrentOperation is "fetch" or "import") || running.IsCompleted,
            TimeSpan.FromSeconds(60), "fetch or import progress");
        var took = running.Stop();
        var result = running.Wait(StopLimit);

        Assert.True(took < StopLimit, $"the stop took {took}");
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        Assert.Equal("Aborted", JobStatus("big"));
        AssertConsistent("big");
        // The next harvest of the source is allowed and completes the catalog.
        var again = _session.Run("Invoke-Harvest -Name big").ThrowIfFailed();
        Assert.Equal("Finished", again.Single("Status")?.ToString());
        Assert.Equal(6000, Count("Get-HarvestDataset -Source big"));
    }

    [Fact]
    public void WarningAction_Stop_on_an_errored_record_stops_the_harvest_and_aborts_the_job()
    {
        // The errored record comes first: its warning is written while thousands of records are still to be harvested.
        File.WriteAllText(Path.Combine(_session.Folder, "errors.data.json"), Catalogs.DataJson("warn", 6000, invalid: 1));
        _session.Run("New-HarvestSource -Name warn -Url ./errors.data.json -Type datajson | Out-Null").ThrowIfFailed();

        var result = _session.Run("Invoke-Harvest -Name warn -WarningAction Stop");

        Assert.IsType<ActionPreferenceStopException>(result.Terminating);
        Assert.Equal("Aborted", JobStatus("warn"));
        AssertConsistent("warn");
    }

    [Fact]
    public void Debug_in_a_hostless_runspace_shows_the_harvest_log_and_the_job_finishes()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "debug.data.json"), Catalogs.DataJson("dbg", 5));
        _session.Run("New-HarvestSource -Name dbg -Url ./debug.data.json -Type datajson | Out-Null").ThrowIfFailed();

        var result = _session.Run("Invoke-Harvest -Name dbg -Debug -Verbose");

        Assert.Null(result.Terminating);
        Assert.Equal("Finished", result.Single("Status")?.ToString());
        Assert.NotEmpty(result.Verbose);
        Assert.Equal("Finished", JobStatus("dbg"));
    }

    [Fact]
    public void A_warning_a_hostless_runspace_cannot_ask_about_stops_the_harvest_and_aborts_the_job()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "inquire.data.json"), Catalogs.DataJson("inq", 6000, invalid: 1));
        _session.Run("New-HarvestSource -Name inq -Url ./inquire.data.json -Type datajson | Out-Null").ThrowIfFailed();

        // Inquire asks the host about each warning; a runspace without a host cannot, and the write fails.
        var result = _session.Run("$WarningPreference = 'Inquire'; Invoke-Harvest -Name inq");

        Assert.NotNull(result.Failure);
        Assert.Equal("Aborted", JobStatus("inq"));
        AssertConsistent("inq");
    }

    [Fact]
    public void Stopping_a_fetch_consumer_ends_it_within_seconds_and_tells_the_host_what_it_did()
    {
        var host = new TestHost();
        using var session = new PwshSession(host: host);
        using var running = session.Start("Start-HarvestFetchConsumer -Concurrency 2");
        RunningScript.Until(() => running.Pipeline.Streams.Progress.Count > 0, TimeSpan.FromSeconds(30), "consumer progress");

        var took = running.Stop();
        var result = running.Wait(StopLimit);

        Assert.True(took < StopLimit, $"the stop took {took}");
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        Assert.Contains(host.Lines, l => l.Contains("fetch consumer stopped: 0 items done by 2 workers on ckan.harvest.default.fetch", StringComparison.Ordinal));
    }

    [Fact]
    public void A_consumer_run_with_TimeoutSec_stops_by_itself_and_writes_its_summary()
    {
        var result = _session.Run("Start-HarvestGatherConsumer -TimeoutSec 1").ThrowIfFailed();

        var summary = Assert.Single(result.Output);
        Assert.Equal("Harvest.Engine.Consumers.ConsumerSummary", summary.TypeNames[0]);
        Assert.Equal("ckan.harvest.default.gather", summary.Properties["Queue"].Value);
        Assert.Equal(1, summary.Properties["Workers"].Value);
    }

    [Theory]
    [InlineData("Start-HarvestFetchConsumer", "mq_fetch_batch_size", 0)]
    [InlineData("Start-HarvestGatherConsumer", "mq_type", "telegraph")]
    public void A_consumer_with_settings_it_cannot_use_fails_with_InvalidSettings_instead_of_a_summary(string cmdlet, string key, object value)
    {
        _session.WriteSettings(new Dictionary<string, object?> { [key] = value });

        var result = _session.Run($"{cmdlet} -TimeoutSec 30");

        Assert.Empty(result.Output);
        var record = result.Failure;
        Assert.NotNull(record);
        Assert.StartsWith("InvalidSettings,", record!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal(_session.SettingsPath, record.TargetObject);
    }

    private string? JobStatus(string source) =>
        _session.Run($"(Get-HarvestJob -Source {source} -First 1).Status").ThrowIfFailed().Output.Single().ToString();

    private int Count(string script) => (int)_session.Run($"@({script}).Count").ThrowIfFailed().Output.Single().BaseObject;

    /// <summary>Every active dataset of the source has the complete object that made it, and every such object its dataset.</summary>
    private void AssertConsistent(string source)
    {
        var datasets = _session.Run($"Get-HarvestDataset -Source {source} | ForEach-Object DatasetId").ThrowIfFailed().Output.Select(o => o.ToString()).Order().ToList();
        var objects = _session.Run($"Get-HarvestObject -JobId (Get-HarvestJob -Source {source} -First 1).JobId -State Complete | ForEach-Object DatasetId")
            .ThrowIfFailed().Output.Select(o => o.ToString()).Order().ToList();
        Assert.Equal(objects, datasets);
    }
}
