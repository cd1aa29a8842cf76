using System.Text.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// What a failed harvest must leave alone: a snapshot of a source's datasets (deleted ones included) taken
/// after a good job, compared field by field after the bad one; and checks of a job whose gather failed.
/// </summary>
public static class CatalogState
{
    /// <summary>Every dataset of the source, deleted ones included, as JSON sorted by guid.</summary>
    public static string Snapshot(TestHarvest harvest, string source = "test-source")
    {
        var datasets = harvest.Engine.Datasets(source, includeDeleted: true).OrderBy(d => d.Guid, StringComparer.Ordinal).ToList();
        return JsonSerializer.Serialize(datasets, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The source still has exactly the datasets of the snapshot, all Active, none changed or deleted.</summary>
    public static void AssertUnchanged(TestHarvest harvest, string before, int expectedCount, string source = "test-source")
    {
        var datasets = harvest.Engine.Datasets(source, includeDeleted: true);
        Assert.Equal(expectedCount, datasets.Count);
        Assert.All(datasets, d => Assert.Equal(DatasetState.Active, d.State));
        Assert.Equal(before, Snapshot(harvest, source));
    }

    /// <summary>
    /// The job is Finished with exactly one gather error containing every fragment, no objects, zero counts;
    /// returns the error message.
    /// </summary>
    public static string AssertGatherFailed(TestHarvest harvest, JobReport report, params string[] fragments)
    {
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        var error = Assert.Single(report.GatherErrors);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, IncludeContent: false)));
        Assert.Empty(harvest.Engine.Store.ListObjectErrors(report.JobId));
        Assert.Equal(0, report.Stats.Total);
        Assert.True(report.HasErrors);
        return error.Message;
    }

    /// <summary>Writes a catalog of records <c>id-0</c> ... titled <c>Record 0</c> ...</summary>
    public static string Catalog(int count, string prefix = "id") =>
        DataJsonBuilder.Catalog(Enumerable.Range(0, count).Select(i => DataJsonBuilder.Record($"{prefix}-{i}", $"Record {i}")).ToArray());
}
