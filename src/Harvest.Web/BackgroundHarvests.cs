using System.Collections.Concurrent;
using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;

namespace Harvest.Web;

/// <summary>
/// "Harvest now" from the dashboard or the API: the job is created in the request (so a busy source is refused at
/// once), then gathered, fetched and imported in this process, each harvest with its own engine.
/// </summary>
public sealed class BackgroundHarvests(EngineFactory engines, IHarvestOutput output)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Task> _running = new();

    /// <summary>Creates a New job for the source (or takes its New one) and runs it in the background; returns the job.</summary>
    public HarvestJob Start(HarvestEngine engine, string sourceIdOrName)
    {
        if (_stop.IsCancellationRequested) throw new HarvestConflictException("the server is stopping");
        var source = engine.Sources.Get(sourceIdOrName);
        engine.Registry.Get(source.Type);
        var job = engine.Jobs.List(source.SourceId, JobStatus.New, 1).FirstOrDefault() ?? engine.Jobs.Create(source.SourceId);
        _running[job.JobId] = Task.Run(() => RunAsync(job.JobId));
        return job;
    }

    /// <summary>Jobs this server is running now.</summary>
    public IReadOnlyCollection<string> Running => _running.Keys.ToList();

    private async Task RunAsync(string jobId)
    {
        try
        {
            using var engine = engines.Open();
            var report = await engine.Jobs.RunAsync(jobId, cancellationToken: _stop.Token);
            output.Log(HarvestLogLevel.Info, $"job {jobId} {report.Job.Status}: {report.Stats}");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            output.Log(HarvestLogLevel.Warning, $"job {jobId} was cancelled as the server stopped");
        }
        catch (Exception e)
        {
            output.Log(HarvestLogLevel.Error, $"job {jobId} failed: {(e is HarvestException ? e.Message : e.ToString())}");
        }
        finally
        {
            _running.TryRemove(jobId, out _);
        }
    }

    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await Task.WhenAll(_running.Values.ToList());
    }
}
