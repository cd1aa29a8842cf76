using System.Text.Json;
using Harvest.Web.Tests.Support;

namespace Harvest.Web.Tests;

/// <summary>ckanext-harvest's actions: CKAN's envelope, its status codes, and the same checks and messages as the CLI.</summary>
public sealed class ActionApiTests
{
    [Fact]
    public async Task A_source_is_created_harvested_and_reported_through_the_actions()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "parks.data.json", Catalogs.Record("a", "Alpha"), Catalogs.Record("b", "Beta"));

        var (status, created) = await server.ActionAsync("harvest_source_create", new { name = "parks", url = catalog, source_type = "datajson", title = "Parks" });
        Assert.Equal(200, status);
        Assert.True(created.GetProperty("success").GetBoolean());
        Assert.Equal("parks", created.GetProperty("result").GetProperty("name").GetString());
        Assert.EndsWith("help_show?name=harvest_source_create", created.GetProperty("help").GetString());

        var (_, job) = await server.ActionAsync("harvest_job_create", new { source_id = "parks", run = true });
        var jobId = job.GetProperty("result").GetProperty("id").GetString()!;
        JsonElement shown = default;
        for (var i = 0; i < 100; i++)
        {
            (_, shown) = await server.ActionAsync("harvest_job_show", new { id = jobId }, post: false);
            if (shown.GetProperty("result").GetProperty("status").GetString() == "Finished") break;
            await Task.Delay(100);
        }
        Assert.Equal("Finished", shown.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal(2, shown.GetProperty("result").GetProperty("stats").GetProperty("added").GetInt32());
        Assert.Equal(2, shown.GetProperty("result").GetProperty("events").GetProperty("created").GetInt32());

        var (_, report) = await server.ActionAsync("harvest_job_report", new { id = jobId });
        Assert.Equal(0, report.GetProperty("result").GetProperty("gather_errors").GetArrayLength());
        var (_, list) = await server.ActionAsync("harvest_source_list", post: false);
        var source = Assert.Single(list.GetProperty("result").EnumerateArray());
        Assert.Equal(2, source.GetProperty("status").GetProperty("total_datasets").GetInt32());
        var (_, jobs) = await server.ActionAsync("harvest_job_list", new { source_id = "parks" });
        Assert.Equal(jobId, Assert.Single(jobs.GetProperty("result").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Config_errors_are_409_validation_errors_with_the_CLIs_message_per_key()
    {
        await using var server = await WebTestServer.StartAsync();
        var (status, body) = await server.ActionAsync("harvest_source_create",
            new { name = "bad", url = "https://example.org/data.json", source_type = "datajson", config = """{"filters": "election", "nonsense": 1}""" });
        Assert.Equal(409, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        var error = body.GetProperty("error");
        Assert.Equal("Validation Error", error.GetProperty("__type").GetString());
        Assert.StartsWith("invalid source config: ", error.GetProperty("message").GetString());
        var messages = error.GetProperty("config").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains("nonsense", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("filters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_things_are_404_and_unknown_actions_400()
    {
        await using var server = await WebTestServer.StartAsync();
        var (status, body) = await server.ActionAsync("harvest_source_show", new { id = "nope" });
        Assert.Equal(404, status);
        Assert.Equal("Not Found Error", body.GetProperty("error").GetProperty("__type").GetString());
        (status, body) = await server.ActionAsync("package_show", new { id = "nope" }, token: null, post: false);
        Assert.Equal(404, status);
        (status, body) = await server.ActionAsync("no_such_action", post: false);
        Assert.Equal(400, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        (status, _) = await server.ActionAsync("harvest_job_show", post: false);
        Assert.Equal(409, status);
    }

    [Fact]
    public async Task Changes_need_a_valid_token_and_are_refused_when_none_is_configured()
    {
        await using (var server = await WebTestServer.StartAsync())
        {
            var request = new { name = "x1", url = "https://example.org/data.json", source_type = "datajson" };
            var (status, body) = await server.ActionAsync("harvest_source_create", request, token: null);
            Assert.Equal(403, status);
            Assert.Equal("Authorization Error", body.GetProperty("error").GetProperty("__type").GetString());
            (status, _) = await server.ActionAsync("harvest_source_create", request, token: "wrong");
            Assert.Equal(403, status);
            (status, _) = await server.ActionAsync("harvest_source_create", request, post: false);
            Assert.Equal(400, status);
            (status, _) = await server.ActionAsync("harvest_source_create", request);
            Assert.Equal(200, status);
            // The token never reaches the log.
            Assert.DoesNotContain(server.Output.Lines, l => l.Contains(WebTestServer.Token, StringComparison.Ordinal));
        }
        await using (var readOnly = await WebTestServer.StartAsync(tokens: null))
        {
            var (status, body) = await readOnly.ActionAsync("harvest_source_create", new { name = "x2", url = "https://example.org/d.json", source_type = "datajson" });
            Assert.Equal(403, status);
            Assert.Contains("no api_tokens", body.GetProperty("error").GetProperty("message").GetString());
            (status, _) = await readOnly.ActionAsync("harvest_source_list", token: null, post: false);
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task Sources_are_updated_cleared_and_deleted_as_from_the_CLI()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "c.data.json", Catalogs.Record("a", "Alpha"));
        await server.ActionAsync("harvest_source_create", new { name = "cc", url = catalog, source_type = "datajson" });
        using (var engine = server.OpenEngine()) await engine.Jobs.RunNowAsync("cc");
        var (status, updated) = await server.ActionAsync("harvest_source_update", new { id = "cc", title = "Renamed", frequency = "weekly" });
        Assert.Equal(200, status);
        Assert.Equal("Renamed", updated.GetProperty("result").GetProperty("title").GetString());
        Assert.Equal("WEEKLY", updated.GetProperty("result").GetProperty("frequency").GetString());
        (status, _) = await server.ActionAsync("harvest_source_clear", new { id = "cc" });
        Assert.Equal(200, status);
        using (var engine = server.OpenEngine()) Assert.Empty(engine.Datasets("cc", includeDeleted: true));
        (status, _) = await server.ActionAsync("harvest_source_delete", new { id = "cc" });
        Assert.Equal(200, status);
        (status, _) = await server.ActionAsync("harvest_source_show", new { id = "cc" });
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task A_second_job_for_a_busy_source_is_a_409_and_abort_ends_it()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "d.data.json", Catalogs.Record("a", "Alpha"));
        await server.ActionAsync("harvest_source_create", new { name = "dd", url = catalog, source_type = "datajson" });
        var (status, job) = await server.ActionAsync("harvest_job_create", new { source_id = "dd" });
        Assert.Equal(200, status);
        Assert.Equal("New", job.GetProperty("result").GetProperty("status").GetString());
        (status, var second) = await server.ActionAsync("harvest_job_create", new { source_id = "dd" });
        Assert.Equal(409, status);
        Assert.Contains("already has a New job", second.GetProperty("error").GetProperty("message").GetString());
        (status, var aborted) = await server.ActionAsync("harvest_job_abort", new { source_id = "dd" });
        Assert.Equal(200, status);
        Assert.Equal("Aborted", aborted.GetProperty("result").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Objects_and_the_log_are_shown()
    {
        await using var server = await WebTestServer.StartAsync();
        var catalog = Catalogs.Write(server.Folder, "e.data.json", Catalogs.Record("a", "Alpha"));
        await server.ActionAsync("harvest_source_create", new { name = "ee", url = catalog, source_type = "datajson" });
        string objectId;
        using (var engine = server.OpenEngine())
        {
            await engine.Jobs.RunNowAsync("ee");
            objectId = engine.Datasets("ee").Single().HarvestObjectId!;
        }
        var (status, shown) = await server.ActionAsync("harvest_object_show", new { id = objectId }, post: false);
        Assert.Equal(200, status);
        Assert.Equal("a", shown.GetProperty("result").GetProperty("guid").GetString());
        Assert.Equal("added", shown.GetProperty("result").GetProperty("report_status").GetString());
        (status, var log) = await server.ActionAsync("harvest_log_list", new { limit = 5 }, post: false);
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, log.GetProperty("result").ValueKind);
    }
}
