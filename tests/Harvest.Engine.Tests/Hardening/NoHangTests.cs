using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Harvest.Engine.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Tests.Ckan;
using Harvest.Engine.Tests.Queues;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>
/// Nothing a remote does keeps a harvest running for ever: a document trickling in, a listing that never ends, a broker
/// address that does not speak AMQP, a local pipe that never closes (Ctrl+C still ends it).
/// </summary>
public sealed class NoHangTests
{
    [Fact]
    public async Task A_document_that_trickles_in_is_stopped_by_the_whole_document_deadline()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"dataset": [""", context.RequestAborted);
            // A byte every 200 ms: far inside the per-read timeout, for ever.
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.WriteAsync(" ", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(200, context.RequestAborted);
            }
        });
        using var harvest = new TestHarvest(s => s with { HttpDocumentTimeoutSeconds = 2, HttpRetries = 0 });
        harvest.AddSource(server.BaseUrl + "/data.json");
        var clock = Stopwatch.StartNew();

        var report = await harvest.RunAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        CatalogState.AssertGatherFailed(harvest, report, $"GET {server.BaseUrl}/data.json: the document did not arrive within 2 s", "setting http_document_timeout_seconds");
    }

    [Fact]
    public async Task A_listing_past_max_records_per_source_is_stopped_and_stores_nothing()
    {
        using var harvest = new TestHarvest(s => s with { MaxRecordsPerSource = 5 });
        harvest.AddSource(harvest.WriteFile("catalog.json", CatalogState.Catalog(10)));

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, "listed more than 5 records", "setting max_records_per_source");
        Assert.Empty(harvest.Engine.Store.ListObjects(new Store.ObjectQuery(JobId: report.JobId)));
    }

    [Fact]
    public async Task A_ckan_site_whose_listing_never_ends_is_stopped_at_max_pages_per_gather()
    {
        await using var server = await CkanServer.StartAsync();
        // Every page brings new datasets, and the count grows with them.
        server.Intercept = async (context, request) =>
        {
            var results = new JsonArray(Enumerable.Range(request.Start, 2).Select(i => (JsonNode)CkanServer.Package($"d{i:000000}")).ToArray());
            await CkanServer.WriteAsync(context, 200, new JsonObject
            {
                ["success"] = true, ["result"] = new JsonObject { ["count"] = request.Start + 10, ["results"] = results },
            });
            return true;
        };
        using var harvest = new TestHarvest(s => s with { MaxPagesPerGather = 3 });
        harvest.AddCkan(server.BaseUrl, """{"page_size": 2}""");

        var report = await harvest.RunAsync();

        CatalogState.AssertGatherFailed(harvest, report, "went past 3 pages", "setting max_pages_per_gather");
        Assert.Equal(4, server.SearchRequests.Count + 1); // three pages asked for, the fourth refused before it was sent
    }

    [Fact]
    public async Task A_broker_address_that_does_not_speak_amqp_fails_within_the_connection_timeout()
    {
        // A port that accepts connections and then says nothing, as a black hole behind a load balancer would.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            try { while (true) accepted.Add(await silent.AcceptTcpClientAsync()); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        });
        using var harvest = new TestHarvest(s => s with { MqType = "amqp", MqHostname = "127.0.0.1", MqPort = ((IPEndPoint)silent.LocalEndpoint).Port });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<HarvestException>(async () => await (await harvest.Engine.OpenQueueAsync()).DisposeAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"took {clock.Elapsed}");
        Assert.Contains("cannot connect to RabbitMQ at 127.0.0.1", error.Message);
        foreach (var client in accepted) client.Dispose();
    }

    [Fact]
    public async Task Ctrl_C_while_reading_a_pipe_that_never_ends_aborts_the_job_and_exits_130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var cli = new CliRunner();
        var fifo = Path.Combine(cli.Folder, "catalog.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        Assert.Equal(0, (await cli.RunAsync("source", "create", "piped", fifo, "datajson")).ExitCode);
        // A writer that opens the pipe, writes the start of a catalog and never closes it.
        using var writer = Process.Start(new ProcessStartInfo("sh", ["-c", $"exec 3>'{fifo}'; printf '{{\"dataset\": [' >&3; sleep 300"]))!;
        using var run = Process.Start(new ProcessStartInfo("dotnet", [ConsumerProcessTests.HarvesterDll, "run-test", "piped", "--verbose", "--settings", cli.SettingsPath])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var said = new System.Text.StringBuilder();
        run.ErrorDataReceived += (_, e) => { lock (said) said.AppendLine(e.Data); };
        run.BeginErrorReadLine();
        string Said() { lock (said) return said.ToString(); }
        try
        {
            // The gather has started (so the command's signal handling is in place) and the pipe gave it the catalog's start.
            await Eventually.TrueAsync(() => Said().Contains("gather of job", StringComparison.Ordinal) && JobStatusOf(cli) == "Running",
                "the run to start reading the pipe", seconds: 60);
            await Task.Delay(300);
            using (var interrupt = Process.Start("kill", ["-INT", run.Id.ToString()])) await interrupt.WaitForExitAsync();

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await run.WaitForExitAsync(deadline.Token);
            Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {Said()}");
            Assert.True(JobStatusOf(cli) == "Aborted", $"job {JobStatusOf(cli)}: {Said()}");
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            writer.Kill(entireProcessTree: true);
        }
    }

    private static string? JobStatusOf(CliRunner cli)
    {
        var (_, jobs) = cli.RunJsonAsync("jobs", "--source", "piped").GetAwaiter().GetResult();
        return jobs.EnumerateArray().Select(j => j.GetProperty("status").GetString()).FirstOrDefault();
    }

    [Fact]
    public async Task A_record_larger_than_the_largest_accepted_is_a_clear_document_error()
    {
        var huge = new string('x', 3 << 20);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"dataset": [{"identifier": "a", "title": "A"}, {"identifier": "b", "description": "{{huge}}"}]}"""));
        var records = new JsonRecordStream(stream, "dataset", long.MaxValue, "catalog.json", maxRecordBytes: 1 << 20);

        var error = await Assert.ThrowsAsync<JsonDocumentFormatException>(async () => { await foreach (var _ in records.ReadAsync()) { } });

        Assert.Equal("catalog.json: the record (or run of blank space) that starts at line 1 is larger than 1 MiB, more than any record can be", error.Message);
    }

    [Fact]
    public async Task A_lone_surrogate_errs_its_record_only()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", """
            {"dataset": [
              {"identifier": "a", "title": "Alpha"},
              {"identifier": "b", "title": "Broken \ud800 title"},
              {"identifier": "c", "title": "Gamma", "description": "broken \udfff description"},
              {"identifier": "d", "title": "Delta"}
            ]}
            """));

        var report = await harvest.RunAsync();

        Assert.Empty(report.GatherErrors);
        Assert.Equal((2, 2), (report.Stats.Added, report.Stats.Errored));
        Assert.Equal(["alpha", "delta"], harvest.Engine.Datasets().Select(d => d.Name));
        Assert.Contains("not valid Unicode", Assert.Single(report.ObjectErrors, o => o.Guid == "").Errors[0].Message);
        Assert.Contains("UTF-16", Assert.Single(report.ObjectErrors, o => o.Guid == "c").Errors[0].Message);
    }
}
