using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Logging;
using Harvest.Engine.Queues;
using Harvest.Engine.Settings;

namespace Harvest.Engine.Consumers;

/// <summary>
/// A long-running gather or fetch consumer: several workers, each with its own store connection and queue.
/// A failure of the store or broker is logged and the worker reconnects with backoff; the item it held returns
/// to the queue after its visibility timeout. On stop, a fetch worker finishes the batch in hand and a gather
/// worker hands its item back (the next consumer gathers that job again).
/// </summary>
public sealed class ConsumerHost(HarvestSettings settings, HarvesterRegistry registry, HarvestQueueKind kind, int concurrency, IHarvestOutput output)
{
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Items this host has finished (acked), for progress and tests.</summary>
    public int Processed => _processed;
    private int _processed;

    /// <summary>
    /// The most workers one consumer process runs. Each holds a store connection and a batch of up to
    /// mq_fetch_batch_size objects; 64 is already more than one process gains on a few cores (100000 ran out of
    /// memory): run more processes for more.
    /// </summary>
    public const int MaxConcurrency = 64;

    public Task RunAsync(CancellationToken stop)
    {
        if (concurrency is < 1 or > MaxConcurrency)
            throw new HarvestException($"concurrency is {concurrency}, outside 1-{MaxConcurrency} (workers in one process; run more processes for more)");
        if (settings.MqFetchBatchSize is < 1 or > 1000) throw new HarvestSettingsException($"mq_fetch_batch_size must be between 1 and 1000, not {settings.MqFetchBatchSize}");
        output.Log(HarvestLogLevel.Info, $"{kind.ToString().ToLowerInvariant()} consumer started: {concurrency} workers, queue {QueueNames.For(settings.SiteId, kind)}");
        return Task.WhenAll(Enumerable.Range(1, concurrency).Select(n => Task.Run(() => WorkerAsync(n, stop), CancellationToken.None)));
    }

    private async Task WorkerAsync(int worker, CancellationToken stop)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            HarvestEngine? engine = null;
            IHarvestQueue? queue = null;
            try
            {
                engine = new HarvestEngine(settings, output, registry);
                if (engine.Store is Store.PostgresHarvestStore postgres) postgres.UseAsynchronousCommit();
                queue = await QueueFactory.OpenAsync(settings, engine.Store, stop);
                backoff = TimeSpan.FromSeconds(1);
                await ConsumeAsync(engine, queue, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is HarvestSettingsException or HarvestStoreTooNewException)
            {
                throw;
            }
            catch (Exception e)
            {
                output.Log(HarvestLogLevel.Error, $"{kind} worker {worker}: {ErrorText.Describe(e)}; reconnecting in {backoff.TotalSeconds:0} s");
                try { await Task.Delay(backoff, stop); } catch (OperationCanceledException) { }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            finally
            {
                if (queue is not null) await queue.DisposeAsync();
                engine?.Dispose();
            }
        }
        output.Log(HarvestLogLevel.Info, $"{kind} worker {worker} stopped");
    }

    private async Task ConsumeAsync(HarvestEngine engine, IHarvestQueue queue, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (kind == HarvestQueueKind.Gather)
                await GatherOneAsync(engine, queue, stop);
            else
                await FetchBatchAsync(engine, queue, stop);
        }
    }

    private async Task GatherOneAsync(HarvestEngine engine, IHarvestQueue queue, CancellationToken stop)
    {
        var item = await queue.ReceiveAsync(kind, ReceiveWait, stop);
        if (item is null) return;
        try
        {
            await GatherWork.ProcessAsync(engine, queue, item, stop);
        }
        catch (JobAbortedException)
        {
            engine.Log.Info($"gather item {item.Body}: its job was aborted; dropped");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await queue.ReleaseAsync(item, TimeSpan.Zero, CancellationToken.None);
            engine.Log.Info($"gather item {item.Body} handed back: the consumer is stopping");
            return;
        }
        await queue.AckAsync(item, CancellationToken.None);
        Interlocked.Increment(ref _processed);
    }

    /// <summary>A batch of objects is fetched and imported whole, even when a stop comes meanwhile.</summary>
    private async Task FetchBatchAsync(HarvestEngine engine, IHarvestQueue queue, CancellationToken stop)
    {
        var items = await queue.ReceiveBatchAsync(kind, settings.MqFetchBatchSize, ReceiveWait, stop);
        if (items.Count == 0) return;
        await FetchWork.ProcessBatchAsync(engine, items, CancellationToken.None);
        await queue.AckAsync(items, CancellationToken.None);
        Interlocked.Add(ref _processed, items.Count);
    }
}

/// <summary>What a consumer did before it stopped.</summary>
public sealed record ConsumerSummary(string Queue, int Workers, int Processed);

/// <summary>What purging the queues removed.</summary>
public sealed record QueuePurgeResult(string SiteId, long ItemsRemoved);
