using System.Text.Json;
using Harvest.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>serve, orphans and orphan republish/delete: what the dashboard does is also a command.</summary>
public sealed class CliWebCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> HarvestOrphanAsync()
    {
        var catalog = Path.Combine(_cli.Folder, "trees.data.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("t1", "Street Trees"), DataJsonBuilder.Record("t2", "Tree Felling")));
        Assert.Equal(CliApp.Success, (await _cli.RunAsync("harvest", catalog, "--name", "trees")).ExitCode);
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("t1", "Street Trees")));
        Assert.Equal(CliApp.Success, (await _cli.RunAsync("run-test", "trees")).ExitCode);
        return "tree-felling";
    }

    [Fact]
    public async Task Orphans_are_listed_re_published_and_deleted_for_good()
    {
        var orphan = await HarvestOrphanAsync();
        var (_, listed) = await _cli.RunJsonAsync("orphans", "--source", "trees");
        Assert.Equal(orphan, Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());

        var (republished, shown) = await _cli.RunJsonAsync("orphan", "republish", orphan);
        Assert.Equal(CliApp.Success, republished.ExitCode);
        Assert.Equal("Active", Assert.Single(shown.EnumerateArray()).GetProperty("state").GetString());
        var (_, none) = await _cli.RunJsonAsync("orphans");
        Assert.Empty(none.EnumerateArray());

        var again = await _cli.RunAsync("orphan", "delete", orphan);
        Assert.Equal(CliApp.BadInput, again.ExitCode);
        Assert.Contains("is active", again.Stderr);

        Assert.Equal(CliApp.Success, (await _cli.RunAsync("run-test", "trees")).ExitCode);
        var deleted = await _cli.RunAsync("orphan", "delete", orphan);
        Assert.Equal(CliApp.Success, deleted.ExitCode);
        Assert.Contains($"deleted for good: dataset '{orphan}'", deleted.Stdout);
        var (_, datasets) = await _cli.RunJsonAsync("datasets", "--include-deleted");
        Assert.DoesNotContain(datasets.EnumerateArray(), d => d.GetProperty("name").GetString() == orphan);
    }

    [Fact]
    public async Task Serve_refuses_a_network_address_without_api_tokens()
    {
        var result = await _cli.RunAsync("serve", "--urls", "http://0.0.0.0:0");
        Assert.Equal(CliApp.BadInput, result.ExitCode);
        Assert.Contains("no api_tokens are configured", result.Stderr);
    }

    [Fact]
    public async Task Serve_answers_until_cancelled_then_exits_cleanly()
    {
        var stdout = new StringWriter();
        var stderr = new SynchronizedWriter();
        using var stop = new CancellationTokenSource();
        var serving = CliApp.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--settings", _cli.SettingsPath], stdout, stderr, stop.Token);
        string? Url()
        {
            var line = stderr.ToString().Split('\n').FirstOrDefault(l => l.Contains("listening on ", StringComparison.Ordinal));
            return line?[(line.IndexOf("listening on ", StringComparison.Ordinal) + 13)..].Trim();
        }
        await Eventually.TrueAsync(() => Url() is not null || serving.IsCompleted, "the server to listen", seconds: 30);
        Assert.False(serving.IsCompleted, stderr.ToString());
        var url = Url()!;
        using (var http = new HttpClient())
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync(url + "/api/3/action/status_show"));
            Assert.True(status.RootElement.GetProperty("success").GetBoolean());
        }
        await stop.CancelAsync();
        Assert.Equal(CliApp.Success, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopping", stderr.ToString());
    }

    /// <summary>stderr written by the server's threads while the test reads it.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock _lock = new();
        public override void Write(char value) { lock (_lock) base.Write(value); }
        public override void Write(string? value) { lock (_lock) base.Write(value); }
        public override void WriteLine(string? value) { lock (_lock) base.WriteLine(value); }
        public override string ToString() { lock (_lock) return base.ToString(); }
    }
}
