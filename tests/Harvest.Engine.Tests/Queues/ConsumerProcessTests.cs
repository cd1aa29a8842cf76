using System.Diagnostics;
using System.Text.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Queues;

/// <summary>Consumers as the separate `harvester` processes operators run, killed the hard way mid-job.</summary>
public sealed class ConsumerProcessTests
{
    [PostgresFact]
    public Task A_fetch_consumer_killed_with_SIGKILL_loses_nothing_and_duplicates_nothing() => KillMidJob("database");

    /// <summary>Runs a gather and a fetch consumer process on the queue type, kills the fetch consumer with SIGKILL, starts another.</summary>
    internal static async Task KillMidJob(string mqType)
    {
        if (PostgresTestDatabase.Unavailable is not null && Environment.GetEnvironmentVariable("CI") != "true") return;
        using var harvest = TestHarvest.OnPostgres(s => mqType == "database" ? s : Brokers.On(s, mqType));
        var records = Enumerable.Range(0, 1500).Select(i => DataJsonBuilder.Record($"k{i}", $"Killed record {i}")).ToArray();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(records)));
        var s = harvest.Settings;
        var settingsFile = harvest.WriteFile("settings.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["database"] = s.Database, ["mq_visibility_timeout"] = 3, ["mq_type"] = s.MqType, ["mq_hostname"] = s.MqHostname,
            ["mq_port"] = s.MqPort, ["mq_user_id"] = s.MqUserId, ["mq_password"] = s.MqPassword, ["mq_virtual_host"] = s.MqVirtualHost,
            ["site_id"] = s.SiteId,
        }));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        var gather = Consumer("gather-consumer", settingsFile);
        var victim = Consumer("fetch-consumer", settingsFile);
        Process? survivor = null;
        try
        {
            await Eventually.TrueAsync(() => Complete(harvest, job.JobId) > 150, "the first fetch consumer to import some objects");
            victim.Kill();
            await victim.WaitForExitAsync();
            var doneWhenKilled = Complete(harvest, job.JobId);
            Assert.True(doneWhenKilled < 1500, "the consumer was killed before the job ended");

            survivor = Consumer("fetch-consumer", settingsFile);
            await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the job to finish after the restart", 300);
        }
        finally
        {
            foreach (var process in new[] { gather, victim, survivor })
            {
                if (process is { HasExited: false }) process.Kill();
                process?.Dispose();
            }
        }

        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.Equal(1500, finished.Stats.Added + finished.Stats.Errored);
        Assert.All(harvest.Engine.Objects(new ObjectQuery(JobId: job.JobId, IncludeContent: false)),
            o => Assert.True(o.State is ObjectState.Complete or ObjectState.Error, $"{o.Guid} is {o.State}"));
        var datasets = harvest.Engine.Datasets();
        Assert.Equal(finished.Stats.Added, datasets.Count);
        Assert.Equal(datasets.Count, datasets.Select(d => d.Guid).Distinct().Count());
        await using var leftovers = await harvest.Engine.OpenQueueAsync();
        await leftovers.PurgeAsync();
    }

    /// <summary>
    /// The tool as built in its own folder: this test project's folder lacks assemblies the tool ships
    /// (those the ASP.NET Core framework of the tests provides instead).
    /// </summary>
    internal static string HarvesterDll
    {
        get
        {
            var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testBin))!;
            var path = Path.Combine(RepoRoot.Path, "src", "Harvest.Cli", "bin", configuration, Path.GetFileName(testBin), "harvester.dll");
            Assert.True(File.Exists(path), $"the harvester tool is not built at {path}");
            return path;
        }
    }

    private static int Complete(TestHarvest harvest, string jobId) =>
        harvest.Engine.Store.CountObjectsByState(jobId).GetValueOrDefault(ObjectState.Complete);

    internal static Process Consumer(string command, string settingsFile)
    {
        var start = new ProcessStartInfo("dotnet", [HarvesterDll, command, "--settings", settingsFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        // Drain the logs so that a full pipe never blocks the consumer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

/// <summary>The same hard kill with the queues on each broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerConsumerProcessTests
{
    [RedisFact]
    public Task A_fetch_consumer_on_redis_killed_with_SIGKILL_loses_nothing() => ConsumerProcessTests.KillMidJob("redis");

    [AmqpFact]
    public Task A_fetch_consumer_on_rabbitmq_killed_with_SIGKILL_loses_nothing() => ConsumerProcessTests.KillMidJob("amqp");
}
