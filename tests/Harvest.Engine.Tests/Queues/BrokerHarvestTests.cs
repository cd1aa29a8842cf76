using Harvest.Engine.Consumers;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Queues;

/// <summary>Harvests through PostgreSQL and each broker with two fetch consumers, and with the broker restarted mid-job.</summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerHarvestTests
{
    [RedisFact] public Task Redis_with_two_fetch_consumers() => Harvest("redis", 1200, restart: null);
    [AmqpFact] public Task Amqp_with_two_fetch_consumers() => Harvest("amqp", 1200, restart: null);

    [RedisFact]
    public Task Redis_restarted_mid_job() =>
        Harvest("redis", 1200, restart: () => Brokers.Shell($"redis-cli -h 127.0.0.1 -p 6379 shutdown || true; bash '{Cli.RepoRoot.Path}/.ci/services' > /dev/null"));

    [AmqpFact]
    public Task Amqp_restarted_mid_job() =>
        Harvest("amqp", 1200, restart: () => Brokers.Shell("rabbitmqctl -q -t 60 stop_app && rabbitmqctl -q -t 60 start_app"));

    private static async Task Harvest(string mqType, int records, Action? restart)
    {
        if (PostgresTestDatabase.Unavailable is not null && Environment.GetEnvironmentVariable("CI") != "true") return;
        using var harvest = TestHarvest.OnPostgres(s => Brokers.On(s, mqType) with { MqVisibilityTimeout = 5, MqFetchBatchSize = 20 });
        var catalog = Enumerable.Range(0, records).Select(i => DataJsonBuilder.Record($"b{i}", $"Broker record {i}")).ToArray();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(catalog)));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        var fetchA = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Fetch, 1, SilentOutput.Instance);
        var fetchB = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Fetch, 1, SilentOutput.Instance);
        var running = Task.WhenAll(gather.RunAsync(stop.Token), fetchA.RunAsync(stop.Token), fetchB.RunAsync(stop.Token));
        try
        {
            if (restart is not null)
            {
                await Eventually.TrueAsync(() => fetchA.Processed + fetchB.Processed > 100, "the fetch consumers to get going");
                restart();
            }
            await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, $"the job to finish on {mqType}", 240);
        }
        finally
        {
            stop.Cancel();
            // Consumers end within seconds of being stopped, whatever state the broker is in.
            await running.WaitAsync(TimeSpan.FromMinutes(1));
            await using var queue = await harvest.Engine.OpenQueueAsync();
            await queue.PurgeAsync();
        }

        var finished = harvest.Engine.Jobs.Get(job.JobId);
        Assert.True(finished.Stats.Errored == 0,
            string.Join("\n", harvest.Engine.Jobs.Report(job.JobId).ObjectErrors.SelectMany(o => o.Errors).Select(e => $"{e.Stage}: {e.Message}")));
        Assert.Equal((records, 0), (finished.Stats.Added, finished.Stats.Errored));
        Assert.True(fetchA.Processed > 0 && fetchB.Processed > 0, $"both consumers worked ({fetchA.Processed}, {fetchB.Processed})");
        var datasets = harvest.Engine.Datasets();
        Assert.Equal(records, datasets.Count);
        Assert.Equal(records, datasets.Select(d => d.Guid).Distinct().Count());
    }
}
