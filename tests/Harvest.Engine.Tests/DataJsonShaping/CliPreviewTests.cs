using System.Text.Json;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>`harvester preview` and the DKAN events in `job-report`.</summary>
public sealed class CliPreviewTests
{
    [FixtureFact]
    public async Task Preview_of_an_unsaved_url_prints_each_record_with_its_action_and_stores_nothing()
    {
        using var cli = new CliRunner();
        var (result, json) = await cli.RunJsonAsync("preview", "--url", Fixtures.DataJson("dkan-filters.data.json"), "--config",
            """{"filters": {"keyword": "election"}, "excludes": {"keyword": "politics"}, "defaults": {"awesomekey": "politics"}, "overrides": {"publisher.name": "nucivic"}}""");

        Assert.Equal(0, result.ExitCode);
        var actions = json.GetProperty("records").EnumerateArray()
            .Select(r => (r.GetProperty("guid").GetString(), r.GetProperty("action").GetString())).ToList();
        Assert.Equal(4, actions.Count);
        Assert.Contains(("90a2b708-7fea-4b92-8aee-43c4cfdd5f48", "create"), actions);
        Assert.Contains(("c2150dce-db96-4007-ba3f-fb4f3774902d", "excluded"), actions);
        Assert.Equal(2, json.GetProperty("counts").GetProperty("filtered").GetInt32());

        var (_, sources) = await cli.RunJsonAsync("sources", "--all");
        Assert.Equal(0, sources.GetArrayLength());
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--include-deleted");
        Assert.Equal(0, datasets.GetArrayLength());
    }

    [Fact]
    public async Task Preview_of_a_saved_source_in_text_says_nothing_was_written_and_lists_actions()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        Assert.Equal(0, (await cli.RunAsync("harvest", catalog, "--name", "parks")).ExitCode);
        cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("c", "Gamma"));

        var result = await cli.RunAsync("preview", "parks");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("nothing was written", result.Stdout);
        Assert.Matches(@"(?m)^unchanged +a +Alpha", result.Stdout);
        Assert.Matches(@"(?m)^create +c +Gamma", result.Stdout);
        Assert.Matches(@"(?m)^delete +b +Beta", result.Stdout);
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Equal(1, jobs.GetArrayLength());
    }

    [Fact]
    public async Task Preview_refuses_both_a_source_and_a_url_and_a_bad_config()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));
        Assert.Equal(2, (await cli.RunAsync("preview")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("preview", "x", "--url", catalog)).ExitCode);
        var bad = await cli.RunAsync("preview", "--url", catalog, "--config", """{"filters": 3}""");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'filters'", bad.Stderr);
    }

    [Fact]
    public async Task Preview_exits_1_when_records_are_invalid()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"));
        var result = await cli.RunAsync("preview", "--url", catalog, "--config", """{"validator_schema": "federal"}""");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"(?m)^invalid +a +Alpha .*contactPoint: required", result.Stdout);
    }

    [Fact]
    public async Task Job_report_json_has_dkan_events_beside_the_counts()
    {
        using var cli = new CliRunner();
        var catalog = cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"));
        await cli.RunAsync("harvest", catalog, "--name", "parks");
        cli.WriteCatalog("c.json", DataJsonBuilder.Record("a", "Alpha changed"), DataJsonBuilder.Record("", "No id"));
        var (_, report) = await cli.RunJsonAsync("run-test", "parks");

        var events = report.GetProperty("events");
        Assert.Equal(0, events.GetProperty("created").GetInt32());
        Assert.Equal(1, events.GetProperty("updated").GetInt32());
        Assert.Equal(0, events.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, events.GetProperty("failed").GetInt32());
        Assert.Equal(1, events.GetProperty("orphaned").GetInt32());

        var (_, again) = await cli.RunJsonAsync("job-report", report.GetProperty("id").GetString()!);
        Assert.Equal(events.GetRawText(), again.GetProperty("events").GetRawText());
        var text = await cli.RunAsync("job-report", report.GetProperty("id").GetString()!);
        Assert.Contains("events: created 0, updated 1, unchanged 0, failed 1, orphaned 1", text.Stdout);
    }
}
