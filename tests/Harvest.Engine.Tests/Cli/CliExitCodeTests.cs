using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Cli;

/// <summary>
/// README: exit 0 success; 1 a job finished with errored records or gather errors; 2 bad usage or bad input
/// (unknown source, invalid config, unknown type, bad settings). Messages go to stderr, never a JSON document to stdout.
/// </summary>
public sealed class CliExitCodeTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("source", "bogus", "x")]
    [InlineData("source")]
    [InlineData("source", "show")]
    [InlineData("source", "create", "parks", "/tmp/parks.json")]
    [InlineData("source", "create", "parks", "/tmp/parks.json", "datajson", "--frequency", "Hourly")]
    [InlineData("source", "update", "parks", "--active", "maybe")]
    [InlineData("jobs", "--status", "Done")]
    [InlineData("job")]
    [InlineData("job-report")]
    [InlineData("harvest")]
    [InlineData("datasets", "--no-such-option")]
    [InlineData("sources", "extra-argument")]
    public async Task Bad_usage_exits_2_with_a_message_on_stderr_and_no_json(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync([.. args, "--json"]);
        CliJson.AssertFailedWithoutJson(result, 2, "error");
    }

    [Fact]
    public async Task A_bad_frequency_names_the_value_and_the_allowed_ones()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("source", "create", "parks", cli.WriteCatalog("c.json"), "datajson", "--frequency", "Hourly", "--json");
        CliJson.AssertFailedWithoutJson(result, 2, "Hourly", "Daily");
        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        Assert.Empty(CliJson.Items(sources));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("source", "--help")]
    [InlineData("source", "create", "--help")]
    [InlineData("run-test", "--help")]
    public async Task Help_exits_0_and_prints_usage_on_stdout(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(args);
        CliJson.AssertExit(0, result);
        Assert.Contains("Usage", result.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("source", "show", "nowhere")]
    [InlineData("source", "update", "nowhere", "--title", "T")]
    [InlineData("source", "remove", "nowhere")]
    [InlineData("source", "clear", "nowhere")]
    [InlineData("source", "delete", "nowhere")]
    [InlineData("source", "clear-history", "nowhere")]
    [InlineData("job", "nowhere")]
    [InlineData("jobs", "--source", "nowhere")]
    [InlineData("job-abort", "nowhere")]
    [InlineData("run-test", "nowhere")]
    [InlineData("import", "nowhere")]
    [InlineData("job-report", "nowhere")]
    [InlineData("datasets", "--source", "nowhere")]
    public async Task An_unknown_source_or_job_exits_2_naming_it(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync([.. args, "--json"]);
        CliJson.AssertFailedWithoutJson(result, 2, "'nowhere'");
    }

    [Fact]
    public async Task An_unknown_source_type_exits_2_naming_the_type_and_the_known_ones()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));

        var create = await cli.RunAsync("source", "create", "parks", catalog, "csw-ish", "--json");
        CliJson.AssertFailedWithoutJson(create, 2, "'csw-ish'", "datajson");

        var harvest = await cli.RunAsync("harvest", catalog, "--type", "csw-ish", "--json");
        CliJson.AssertFailedWithoutJson(harvest, 2, "'csw-ish'");

        await cli.CreateSourceAsync("parks", catalog);
        var update = await cli.RunAsync("source", "update", "parks", "--type", "csw-ish", "--json");
        CliJson.AssertFailedWithoutJson(update, 2, "'csw-ish'");

        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        var only = Assert.Single(CliJson.Items(sources));
        Assert.Equal("datajson", CliJson.Text(only, "type"));
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"default_tags\": 5}", "default_tags")]
    [InlineData("{\"default_extras\": [\"a\"]}", "default_extras")]
    [InlineData("{\"filters\": \"keyword=election\"}", "'filters'")]
    [InlineData("{\"validator_schema\": \"state\"}", "'validator_schema'")]
    public async Task An_invalid_config_exits_2_naming_the_problem_and_creates_nothing(string config, string mention)
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));

        var result = await cli.RunAsync("source", "create", "parks", catalog, "datajson", "--config", config, "--json");

        CliJson.AssertFailedWithoutJson(result, 2, mention);
        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        Assert.Empty(CliJson.Items(sources));
    }

    [Fact]
    public async Task An_invalid_config_on_update_exits_2_and_leaves_the_config_as_it_was()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"), "--config", "{\"default_tags\": [\"city\"]}");

        var result = await cli.RunAsync("source", "update", "parks", "--config", "{\"default_tagz\": [\"x\"]}", "--json");

        CliJson.AssertFailedWithoutJson(result, 2, "'default_tagz'");
        var (_, shown) = await cli.RunJsonAsync("source", "show", "parks");
        Assert.Equal("city", shown.GetProperty("config").GetProperty("default_tags")[0].GetString());
    }

    [Fact]
    public async Task A_job_with_errored_records_exits_1_and_still_prints_its_report()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json",
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("a", "Alpha again"), DataJsonBuilder.Record("b", "Beta"));

        var (result, report) = await cli.RunJsonAsync("harvest", catalog);

        CliJson.AssertExit(1, result);
        Assert.Equal([2, 0, 0, 0, 1], CliJson.Stats(report));
        var error = Assert.Single(CliJson.Items(report.GetProperty("objectErrors")));
        Assert.Equal("a", CliJson.Text(error, "guid"));
    }

    [Fact]
    public async Task A_gather_error_exits_1_with_the_error_in_the_report()
    {
        using var cli = new CliRunner();
        var missing = Path.Combine(cli.Folder, "gone.data.json");

        var (result, report) = await cli.RunJsonAsync("harvest", missing, "--name", "gone");

        CliJson.AssertExit(1, result);
        CliJson.AssertJobShape(report);
        Assert.Equal("Finished", CliJson.Text(report, "status"));
        Assert.Equal([0, 0, 0, 0, 0], CliJson.Stats(report));
        var error = Assert.Single(CliJson.Items(report.GetProperty("gatherErrors")));
        Assert.Contains(missing, CliJson.Text(error, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_catalog_json_is_a_gather_error_exit_1_and_the_catalog_is_left_as_it_was()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await cli.CreateSourceAsync("parks", catalog);
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        var text = DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("c", "Gamma"));
        File.WriteAllText(catalog, text[..(text.Length / 2)]);

        var (result, report) = await cli.RunJsonAsync("run-test", "parks");

        CliJson.AssertExit(1, result);
        Assert.Single(CliJson.Items(report.GetProperty("gatherErrors")));
        Assert.Equal([0, 0, 0, 0, 0], CliJson.Stats(report));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--include-deleted");
        Assert.Equal(["Alpha", "Beta"], CliJson.Items(datasets).Select(d => CliJson.Text(d, "title")).Order());
        Assert.All(CliJson.Items(datasets), d => Assert.Equal("Active", CliJson.Text(d, "state")));
    }

    [Fact]
    public async Task Cancelling_a_harvest_exits_130_and_leaves_the_job_aborted()
    {
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(catalog[..(catalog.Length / 2)]);
            await context.Response.Body.FlushAsync();
            halfSent.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
        });
        using var cli = new CliRunner();
        using var cancel = new CancellationTokenSource();

        var run = RawCli.RunAsync(["harvest", server.BaseUrl + "/data.json", "--name", "slow", "--json", "--settings", cli.SettingsPath], cancel.Token);
        await halfSent.Task.WaitAsync(TimeSpan.FromMinutes(1));
        cancel.Cancel();
        var result = await run;

        CliJson.AssertFailedWithoutJson(result, 130, "cancelled");
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "slow");
        Assert.Equal("Aborted", CliJson.Text(Assert.Single(CliJson.Items(jobs)), "status"));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--include-deleted");
        Assert.Empty(CliJson.Items(datasets));
    }

    [Fact]
    public async Task Import_exits_1_when_a_stored_object_fails_to_import()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        var (_, job) = await cli.RunJsonAsync("run-test", "parks");
        // A stored record that no longer parses (damaged store, or a harvester bug fixed since).
        Assert.Equal(1, cli.ExecuteSql("UPDATE harvest_object SET content = '{\"identifier\": \"a\", \"title\": ' WHERE guid = 'a' AND current = 1"));

        var (result, imported) = await cli.RunJsonAsync("import", "parks", "--verbose");

        CliJson.AssertExit(1, result);
        Assert.Equal(2, imported.GetProperty("objects").GetInt32());
        Assert.Equal([0, 1, 0, 0, 1], CliJson.Stats(imported));
        Assert.Contains("'a'", result.Stderr, StringComparison.Ordinal);
        // The failure is in the import's own output; the job that gathered the object keeps its history.
        var failure = Assert.Single(CliJson.Items(imported.GetProperty("failures")));
        Assert.Equal("a", CliJson.Text(failure, "guid"));
        var (_, report) = await cli.RunJsonAsync("job-report", CliJson.Id(job));
        Assert.Empty(CliJson.Items(report.GetProperty("objectErrors")));
        Assert.Equal([2, 0, 0, 0, 0], CliJson.Stats(report));
    }

    [Fact]
    public async Task Verbose_writes_the_harvest_log_on_stderr_and_keeps_stdout_one_json_document()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));

        var (result, report) = await cli.RunJsonAsync("harvest", catalog, "--name", "parks", "--verbose");

        CliJson.AssertExit(0, result);
        Assert.Equal([1, 0, 0, 0, 0], CliJson.Stats(report));
        Assert.Contains(CliJson.Id(report), result.Stderr, StringComparison.Ordinal);
        Assert.Contains("info:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(catalog, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_job_exits_0()
    {
        using var cli = new CliRunner();
        var (result, report) = await cli.RunJsonAsync("harvest", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha")));
        CliJson.AssertExit(0, result);
        Assert.Equal([1, 0, 0, 0, 0], CliJson.Stats(report));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task A_conflict_such_as_a_second_new_job_exits_2()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha")));
        var (_, job) = await cli.RunJsonAsync("job", "parks");

        var second = await cli.RunAsync("job", "parks", "--json");

        CliJson.AssertFailedWithoutJson(second, 2, CliJson.Id(job));
    }

    [Fact]
    public async Task A_duplicate_source_name_exits_2()
    {
        using var cli = new CliRunner();
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("a.json"));
        var result = await cli.RunAsync("source", "create", "parks", cli.WriteCatalog("b.json"), "datajson", "--json");
        CliJson.AssertFailedWithoutJson(result, 2, "'parks'");
    }

    [Theory]
    [InlineData("datajson")]
    [InlineData("DataJson")]
    [InlineData("DATAJSON")]
    public async Task A_second_source_for_the_same_url_and_type_exits_2_whatever_the_case_of_the_type(string type)
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));
        await cli.CreateSourceAsync("parks", catalog);

        var result = await cli.RunAsync("source", "create", "parks-again", catalog, type, "--json");

        CliJson.AssertFailedWithoutJson(result, 2, "'parks'");
        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        Assert.Single(CliJson.Items(sources));
    }

    [Fact]
    public async Task A_type_given_in_another_case_is_stored_as_the_harvester_names_it()
    {
        using var cli = new CliRunner();
        var source = await cli.CreateSourceAsync("parks", cli.WriteCatalog("c.json"));
        var (result, other) = await cli.RunJsonAsync("source", "create", "trees", cli.WriteCatalog("t.json"), "DataJson");
        CliJson.AssertExit(0, result);
        Assert.Equal("datajson", CliJson.Text(source, "type"));
        Assert.Equal("datajson", CliJson.Text(other, "type"));
    }

    [Fact]
    public async Task Bad_import_segments_exit_2()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("import", "--segments", "xyz", "--json");
        CliJson.AssertFailedWithoutJson(result, 2, "'xyz'");
    }
}
