using System.Runtime.CompilerServices;
using System.Text.Json;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>A slow gather shows its count moving: what it gathered is written at least once a second, even while it waits.</summary>
public sealed class GatherProgressTests
{
    /// <summary>Lists three records, then waits for the test before listing the fourth.</summary>
    private sealed class StallingHarvester : IHarvester
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HarvesterInfo Info { get; } = new("stalling", "Stalling", "Waits halfway through its listing.", []);

        public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < 4; i++)
            {
                if (i == 3) await Release.Task.WaitAsync(cancellationToken);
                yield return new GatheredRecord { Guid = $"r{i}", Title = $"Record {i}", Content = JsonSerializer.Serialize(new { title = $"Record {i}" }) };
            }
        }

        public Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken) =>
            Task.FromResult(harvestObject.Content!);

        public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject) =>
            new() { Title = JsonDocument.Parse(harvestObject.Content!).RootElement.GetProperty("title").GetString()! };
    }

    [Fact]
    public async Task The_records_of_a_gather_that_waits_for_its_next_page_are_counted_within_a_second_or_two()
    {
        var stalling = new StallingHarvester();
        var registry = Harvest.Harvesters.BuiltInHarvesters.CreateRegistry(new Settings.HarvestSettings());
        registry.Register(stalling);
        using var harvest = new TestHarvest(registry: registry);
        harvest.AddSource("https://slow.example/", type: "stalling");
        var job = harvest.Engine.Jobs.Create("test-source");

        var running = harvest.Engine.Jobs.RunAsync(job.JobId);
        using var observer = new HarvestEngine(harvest.Settings);
        await Eventually.TrueAsync(() => observer.Store.ListObjects(new ObjectQuery(JobId: job.JobId, IncludeContent: false)).Count == 3,
            "the three records gathered before the wait to be stored", seconds: 10);
        var progress = observer.Jobs.Get(job.JobId).Progress!;
        Assert.False(progress.GatherFinished);
        Assert.Equal(3, progress.Total);

        stalling.Release.SetResult();
        var report = await running;
        Assert.Equal(4, report.Stats.Added);
    }
}
