using System.Text.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>job, jobs, job-abort, run-test, import and job-report through the CLI with --json.</summary>
public sealed class CliJobCommandTests
{
    private static async Task<CliRunner> WithParksAsync(params object[] records)
    {
        var cli = new CliRunner();
        records = records.Length > 0 ? records : [DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")];
        await cli.CreateSourceAsync("parks", cli.WriteCatalog("parks.json", records));
        return cli;
    }

    [Fact]
    public async Task Job_creates_a_new_job_with_zero_counts()
    {
        using var cli = await WithParksAsync();
        var (_, source) = await cli.RunJsonAsync("source", "show", "parks");

        var (result, job) = await cli.RunJsonAsync("job", "parks");

        CliJson.AssertExit(0, result);
        CliJson.AssertJobShape(job);
        Assert.Equal("New", CliJson.Text(job, "status"));
        Assert.Equal(CliJson.Id(source), CliJson.Text(job, "sourceId"));
        Assert.Equal([0, 0, 0, 0, 0], CliJson.Stats(job));
    }

    [Fact]
    public async Task Run_test_carries_out_the_new_job_created_by_job()
    {
        using var cli = await WithParksAsync();
        var (_, job) = await cli.RunJsonAsync("job", "parks");

        var (result, report) = await cli.RunJsonAsync("run-test", "parks");

        CliJson.AssertExit(0, result);
        CliJson.AssertJobShape(report);
        Assert.Equal(CliJson.Id(job), CliJson.Id(report));
        Assert.Equal("Finished", CliJson.Text(report, "status"));
        Assert.Equal("parks", CliJson.Text(report, "source"));
        Assert.Equal([2, 0, 0, 0, 0], CliJson.Stats(report));
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Single(CliJson.Items(jobs));
    }

    [Fact]
    public async Task Run_test_force_import_counts_an_unchanged_guid_as_updated()
    {
        using var cli = await WithParksAsync(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));

        var (one, forcedOne) = await cli.RunJsonAsync("run-test", "parks", "--force-import", "a");
        var (two, forcedTwo) = await cli.RunJsonAsync("run-test", "parks", "--force-import", "b, c");
        var (none, plain) = await cli.RunJsonAsync("run-test", "parks");

        CliJson.AssertExit(0, one);
        Assert.Equal([0, 1, 2, 0, 0], CliJson.Stats(forcedOne));
        CliJson.AssertExit(0, two);
        Assert.Equal([0, 2, 1, 0, 0], CliJson.Stats(forcedTwo));
        CliJson.AssertExit(0, none);
        Assert.Equal([0, 0, 3, 0, 0], CliJson.Stats(plain));
    }

    [Fact]
    public async Task Jobs_filters_by_source_and_by_status()
    {
        using var cli = await WithParksAsync();
        await cli.CreateSourceAsync("trees", cli.WriteCatalog("trees.json", DataJsonBuilder.Record("t", "Trees")));
        var (_, finished) = await cli.RunJsonAsync("run-test", "parks");
        var (_, fresh) = await cli.RunJsonAsync("job", "parks");
        var (_, other) = await cli.RunJsonAsync("job", "trees");

        var all = await JobIdsAsync(cli);
        var ofParks = await JobIdsAsync(cli, "--source", "parks");
        var newOnes = await JobIdsAsync(cli, "--status", "New");
        var finishedOfParks = await JobIdsAsync(cli, "--source", "parks", "--status", "Finished");
        var aborted = await JobIdsAsync(cli, "--status", "Aborted");

        Assert.Equal(new[] { CliJson.Id(finished), CliJson.Id(fresh), CliJson.Id(other) }.Order(), all.Order());
        Assert.Equal(new[] { CliJson.Id(finished), CliJson.Id(fresh) }.Order(), ofParks.Order());
        Assert.Equal(new[] { CliJson.Id(fresh), CliJson.Id(other) }.Order(), newOnes.Order());
        Assert.Equal([CliJson.Id(finished)], finishedOfParks);
        Assert.Empty(aborted);
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first()
    {
        using var cli = await WithParksAsync();
        var (_, first) = await cli.RunJsonAsync("run-test", "parks");
        var (_, second) = await cli.RunJsonAsync("run-test", "parks");
        var (_, third) = await cli.RunJsonAsync("job", "parks");

        Assert.Equal([CliJson.Id(third), CliJson.Id(second), CliJson.Id(first)], await JobIdsAsync(cli, "--source", "parks"));
    }

    [Fact]
    public async Task Jobs_carry_their_counts()
    {
        using var cli = await WithParksAsync(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("a", "Again"), DataJsonBuilder.Record("b", "Beta"));
        CliJson.AssertExit(1, await cli.RunAsync("run-test", "parks"));

        var (result, jobs) = await cli.RunJsonAsync("jobs");

        CliJson.AssertExit(0, result);
        var job = Assert.Single(CliJson.Items(jobs));
        CliJson.AssertJobShape(job);
        Assert.Equal([2, 0, 0, 0, 1], CliJson.Stats(job));
        Assert.Equal(0, job.GetProperty("gatherErrors").GetInt32());
    }

    [Fact]
    public async Task Job_abort_by_source_aborts_its_new_job()
    {
        using var cli = await WithParksAsync();
        var (_, job) = await cli.RunJsonAsync("job", "parks");

        var (result, aborted) = await cli.RunJsonAsync("job-abort", "parks");

        CliJson.AssertExit(0, result);
        CliJson.AssertJobShape(aborted);
        Assert.Equal(CliJson.Id(job), CliJson.Id(aborted));
        Assert.Equal("Aborted", CliJson.Text(aborted, "status"));
        Assert.Equal([CliJson.Id(job)], await JobIdsAsync(cli, "--status", "Aborted"));
        // With its job aborted the source takes a new one, and run-test creates and runs that.
        var (ran, report) = await cli.RunJsonAsync("run-test", "parks");
        CliJson.AssertExit(0, ran);
        Assert.NotEqual(CliJson.Id(job), CliJson.Id(report));
    }

    [Fact]
    public async Task Job_abort_by_job_id_aborts_that_job()
    {
        using var cli = await WithParksAsync();
        var (_, job) = await cli.RunJsonAsync("job", "parks");

        var (result, aborted) = await cli.RunJsonAsync("job-abort", CliJson.Id(job));

        CliJson.AssertExit(0, result);
        Assert.Equal(CliJson.Id(job), CliJson.Id(aborted));
        Assert.Equal("Aborted", CliJson.Text(aborted, "status"));
        var (_, jobs) = await cli.RunJsonAsync("jobs", "--source", "parks");
        Assert.Equal("Aborted", CliJson.Text(Assert.Single(CliJson.Items(jobs)), "status"));
    }

    [Fact]
    public async Task Job_abort_of_a_finished_job_or_an_idle_source_exits_2()
    {
        using var cli = await WithParksAsync();
        var (_, report) = await cli.RunJsonAsync("run-test", "parks");

        CliJson.AssertFailedWithoutJson(await cli.RunAsync("job-abort", CliJson.Id(report), "--json"), 2, "Finished");
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("job-abort", "parks", "--json"), 2, "'parks'");
        var (_, jobs) = await cli.RunJsonAsync("jobs");
        Assert.Equal("Finished", CliJson.Text(Assert.Single(CliJson.Items(jobs)), "status"));
    }

    [Fact]
    public async Task A_job_left_running_blocks_the_source_until_it_is_aborted()
    {
        using var cli = await WithParksAsync();
        var (_, job) = await cli.RunJsonAsync("job", "parks");
        // As a process that died mid-harvest leaves it.
        Assert.Equal(1, cli.ExecuteSql("UPDATE harvest_job SET status = 'Running' WHERE id = $id", ("$id", CliJson.Id(job))));
        var running = CliJson.Id(job);

        CliJson.AssertFailedWithoutJson(await cli.RunAsync("job", "parks", "--json"), 2, running);
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("run-test", "parks", "--json"), 2, running);
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("source", "clear", "parks", "--json"), 2, running);
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("source", "delete", "parks", "--json"), 2, running);
        Assert.Equal([running], await JobIdsAsync(cli, "--status", "Running"));

        var (aborted, abortedJob) = await cli.RunJsonAsync("job-abort", "parks");
        CliJson.AssertExit(0, aborted);
        Assert.Equal(running, CliJson.Id(abortedJob));
        Assert.Equal("Aborted", CliJson.Text(abortedJob, "status"));

        var (ran, report) = await cli.RunJsonAsync("run-test", "parks");
        CliJson.AssertExit(0, ran);
        Assert.Equal([2, 0, 0, 0, 0], CliJson.Stats(report));
    }

    [Fact]
    public async Task Job_report_shows_the_counts_and_the_errors_of_a_job()
    {
        using var cli = await WithParksAsync(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("a", "Again"), DataJsonBuilder.Record("b", "Beta"));
        var (_, ran) = await cli.RunJsonAsync("run-test", "parks");

        var (result, report) = await cli.RunJsonAsync("job-report", CliJson.Id(ran));

        // job-report describes a job; it succeeds even when the job had errors.
        CliJson.AssertExit(0, result);
        CliJson.AssertJobShape(report);
        Assert.Equal(CliJson.Id(ran), CliJson.Id(report));
        Assert.Equal("parks", CliJson.Text(report, "source"));
        Assert.Equal([2, 0, 0, 0, 1], CliJson.Stats(report));
        Assert.Empty(CliJson.Items(report.GetProperty("gatherErrors")));
        var objectError = Assert.Single(CliJson.Items(report.GetProperty("objectErrors")));
        Assert.Equal("a", CliJson.Text(objectError, "guid"));
        CliJson.AssertNonEmptyString(objectError, "objectId");
        var error = Assert.Single(CliJson.Items(objectError.GetProperty("errors")));
        Assert.Equal("Gather", CliJson.Text(error, "stage"));
        Assert.Contains("'a'", CliJson.Text(error, "message"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, error.GetProperty("line").ValueKind);
    }

    [Fact]
    public async Task Import_by_source_reimports_its_current_objects_as_updated()
    {
        using var cli = await WithParksAsync();
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));

        var (result, imported) = await cli.RunJsonAsync("import", "parks");

        CliJson.AssertExit(0, result);
        Assert.Equal(2, imported.GetProperty("objects").GetInt32());
        foreach (var key in CliJson.StatsKeys)
            Assert.Equal(JsonValueKind.Number, imported.GetProperty("stats").GetProperty(key).ValueKind);
        Assert.Equal([0, 2, 0, 0, 0], CliJson.Stats(imported));
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "parks");
        Assert.Equal(2, CliJson.Items(datasets).Count);
    }

    [Fact]
    public async Task Import_applies_a_changed_source_config_without_fetching()
    {
        using var cli = await WithParksAsync();
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        File.Delete(Path.Combine(cli.Folder, "parks.json")); // nothing to fetch from any more
        CliJson.AssertExit(0, (await cli.RunJsonAsync("source", "update", "parks", "--config", "{\"default_tags\": [\"imported\"]}")).Result);

        var (result, imported) = await cli.RunJsonAsync("import", "parks");

        CliJson.AssertExit(0, result);
        Assert.Equal(2, imported.GetProperty("objects").GetInt32());
        Assert.Equal(["alpha", "beta"], await TaggedAsync(cli, "imported"));
    }

    [Fact]
    public async Task Import_without_a_source_takes_every_source()
    {
        using var cli = await WithParksAsync();
        await cli.CreateSourceAsync("trees", cli.WriteCatalog("trees.json", DataJsonBuilder.Record("t", "Trees")));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "trees"));

        var (result, imported) = await cli.RunJsonAsync("import");

        CliJson.AssertExit(0, result);
        Assert.Equal(3, imported.GetProperty("objects").GetInt32());
        Assert.Equal([0, 3, 0, 0, 0], CliJson.Stats(imported));
    }

    [Fact]
    public async Task Import_object_dataset_and_guid_each_take_one_object()
    {
        using var cli = await WithParksAsync(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma"));
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        var objectOfA = Assert.Single(cli.QueryStrings("SELECT id FROM harvest_object WHERE guid = 'a' AND current = 1"));

        CliJson.AssertExit(0, (await cli.RunJsonAsync("source", "update", "parks", "--config", "{\"default_tags\": [\"by-object\"]}")).Result);
        var (byObject, first) = await cli.RunJsonAsync("import", "--object", objectOfA);
        CliJson.AssertExit(0, byObject);
        Assert.Equal(1, first.GetProperty("objects").GetInt32());
        Assert.Equal(["alpha"], await TaggedAsync(cli, "by-object"));

        CliJson.AssertExit(0, (await cli.RunJsonAsync("source", "update", "parks", "--config", "{\"default_tags\": [\"by-dataset\"]}")).Result);
        var (byDataset, second) = await cli.RunJsonAsync("import", "--dataset", "beta");
        CliJson.AssertExit(0, byDataset);
        Assert.Equal(1, second.GetProperty("objects").GetInt32());
        Assert.Equal(["beta"], await TaggedAsync(cli, "by-dataset"));

        CliJson.AssertExit(0, (await cli.RunJsonAsync("source", "update", "parks", "--config", "{\"default_tags\": [\"by-guid\"]}")).Result);
        var (byGuid, third) = await cli.RunJsonAsync("import", "parks", "--guid", "c");
        CliJson.AssertExit(0, byGuid);
        Assert.Equal(1, third.GetProperty("objects").GetInt32());
        Assert.Equal(["gamma"], await TaggedAsync(cli, "by-guid"));
    }

    [Fact]
    public async Task Import_of_an_unknown_object_or_dataset_exits_2()
    {
        using var cli = await WithParksAsync();
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("import", "--object", "no-such-object", "--json"), 2, "'no-such-object'");
        CliJson.AssertFailedWithoutJson(await cli.RunAsync("import", "--dataset", "no-such-dataset", "--json"), 2, "'no-such-dataset'");
    }

    [Fact]
    public async Task Import_segments_takes_only_objects_whose_id_starts_with_those_hex_digits()
    {
        using var cli = await WithParksAsync(
            Enumerable.Range(0, 12).Select(i => DataJsonBuilder.Record($"r{i}", $"Record {i}")).ToArray());
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        var current = cli.QueryStrings("SELECT id FROM harvest_object WHERE current = 1");
        Assert.Equal(12, current.Count);
        var segment = current[0][0];
        var expected = current.Count(id => id[0] == segment);

        CliJson.AssertExit(0, (await cli.RunJsonAsync("source", "update", "parks", "--config", "{\"default_tags\": [\"segment\"]}")).Result);
        var (result, imported) = await cli.RunJsonAsync("import", "parks", "--segments", segment.ToString().ToUpperInvariant());

        CliJson.AssertExit(0, result);
        Assert.Equal(expected, imported.GetProperty("objects").GetInt32());
        Assert.Equal(expected, (await TaggedAsync(cli, "segment")).Count);

        var (all, everything) = await cli.RunJsonAsync("import", "parks", "--segments", "0123456789abcdef");
        CliJson.AssertExit(0, all);
        Assert.Equal(12, everything.GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task Import_no_join_also_takes_objects_whose_dataset_is_deleted()
    {
        using var cli = await WithParksAsync();
        CliJson.AssertExit(0, await cli.RunAsync("run-test", "parks"));
        // A dataset deleted in the local catalog by other means (an admin), while its harvest object stays current.
        Assert.Equal(1, cli.ExecuteSql("UPDATE dataset SET state = 'Deleted' WHERE guid = 'a'"));

        var (joined, withJoin) = await cli.RunJsonAsync("import", "parks");
        CliJson.AssertExit(0, joined);
        Assert.Equal(1, withJoin.GetProperty("objects").GetInt32());
        var (_, stillDeleted) = await cli.RunJsonAsync("datasets", "--source", "parks");
        Assert.Equal(["beta"], CliJson.Items(stillDeleted).Select(d => CliJson.Text(d, "name")));

        var (result, noJoin) = await cli.RunJsonAsync("import", "parks", "--no-join");

        CliJson.AssertExit(0, result);
        Assert.Equal(2, noJoin.GetProperty("objects").GetInt32());
        var (_, datasets) = await cli.RunJsonAsync("datasets", "--source", "parks");
        Assert.Equal(["alpha", "beta"], CliJson.Items(datasets).Select(d => CliJson.Text(d, "name")).Order());
    }

    private static async Task<List<string>> JobIdsAsync(CliRunner cli, params string[] options)
    {
        var (result, jobs) = await cli.RunJsonAsync(["jobs", .. options]);
        CliJson.AssertExit(0, result);
        var items = CliJson.Items(jobs);
        items.ForEach(CliJson.AssertJobShape);
        return items.Select(CliJson.Id).ToList();
    }

    /// <summary>Names of the active datasets that carry a tag.</summary>
    private static async Task<List<string>> TaggedAsync(CliRunner cli, string tag)
    {
        var (result, datasets) = await cli.RunJsonAsync("datasets");
        CliJson.AssertExit(0, result);
        return CliJson.Items(datasets)
            .Where(d => d.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag))
            .Select(d => CliJson.Text(d, "name"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
