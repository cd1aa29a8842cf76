using System.Runtime.CompilerServices;
using Harvest.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>
/// CliApp.RunAsync is public and hosts (and these tests) call it many times, in parallel, in one process:
/// each run must stand alone.
/// </summary>
public sealed class CliInProcessTests
{
    [Fact]
    public async Task A_finished_run_keeps_nothing_of_itself_alive()
    {
        using var cli = new CliRunner();
        var writers = await RunAndForgetAsync(cli.SettingsPath);

        for (var i = 0; i < 3 && writers.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // The command tree of a run holds its writers; a tree kept by something static would keep them too.
        Assert.All(writers, w => Assert.False(w.IsAlive, "a writer given to CliApp.RunAsync is still referenced after the run"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference[]> RunAndForgetAsync(string settingsPath)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["sources", "--json", "--settings", settingsPath], stdout, stderr);
        Assert.Equal(0, exit);
        return [new WeakReference(stdout), new WeakReference(stderr)];
    }

    [Fact]
    public async Task Parallel_runs_in_one_process_each_see_their_own_store_and_output()
    {
        var runners = Enumerable.Range(0, 8).Select(_ => new CliRunner()).ToList();
        try
        {
            var results = await Task.WhenAll(runners.Select((cli, i) => Task.Run(async () =>
            {
                var catalog = cli.WriteCatalog("c.json", Enumerable.Range(0, i + 1).Select(n => DataJsonBuilder.Record($"r{n}", $"Record {n}")).ToArray());
                var (result, report) = await cli.RunJsonAsync("harvest", catalog, "--name", $"source-{i}");
                var (_, datasets) = await cli.RunJsonAsync("datasets");
                return (Index: i, result.ExitCode, Added: CliJson.Stat(report, "added"), Source: CliJson.Text(report, "source"), Datasets: datasets.GetArrayLength());
            })));

            Assert.All(results, r =>
            {
                Assert.Equal(0, r.ExitCode);
                Assert.Equal(r.Index + 1, r.Added);
                Assert.Equal($"source-{r.Index}", r.Source);
                Assert.Equal(r.Index + 1, r.Datasets);
            });
        }
        finally
        {
            runners.ForEach(r => r.Dispose());
        }
    }
}
