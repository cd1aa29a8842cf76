using System.Text.Json;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>
/// Records gathered without content but with the date their source gives them (a WAF listing): a date no newer than
/// that of the dataset's current object means not modified and no download; a moved date means a download, and the
/// content hash still decides.
/// </summary>
public sealed class SourceDateChangeDetectionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed class ListedFiles
    {
        public readonly ScriptedHarvester Harvester = new();
        public readonly Dictionary<string, string> Contents = [];
        public readonly List<string> Downloads = [];

        public ListedFiles()
        {
            Harvester.Fetch = o =>
            {
                lock (Downloads) Downloads.Add(o.Guid);
                return Contents[o.Guid];
            };
        }

        public void List(params (string Guid, string Title, DateTimeOffset Modified)[] files)
        {
            Harvester.Records.Clear();
            foreach (var (guid, title, modified) in files)
            {
                Harvester.Records.Add(new GatheredRecord { Guid = guid, Modified = modified });
                Contents[guid] = JsonSerializer.Serialize(new { title });
            }
            Downloads.Clear();
        }
    }

    [Fact]
    public Task On_sqlite_a_file_whose_date_did_not_move_is_not_downloaded_and_a_touched_file_is_not_reimported() =>
        DatesDecideDownloads(StoreKind.Sqlite);

    [PostgresFact]
    public Task On_postgres_a_file_whose_date_did_not_move_is_not_downloaded_and_a_touched_file_is_not_reimported() =>
        DatesDecideDownloads(StoreKind.Postgres);

    private static async Task DatesDecideDownloads(StoreKind kind)
    {
        var files = new ListedFiles();
        using var harvest = kind == StoreKind.Postgres
            ? TestHarvest.OnPostgres(registry: files.Harvester.Registry())
            : new TestHarvest(registry: files.Harvester.Registry());
        harvest.AddSource("https://waf.example/", type: ScriptedHarvester.TypeName);

        files.List(("a.xml", "Alpha", Monday), ("b.xml", "Beta", Monday));
        Assert.Equal(new JobStats { Added = 2 }, (await harvest.RunAsync()).Stats);
        Assert.Equal(["a.xml", "b.xml"], files.Downloads.Order());

        files.List(("a.xml", "Alpha", Monday), ("b.xml", "Beta", Monday.AddDays(-1)));
        var unchanged = await harvest.RunAsync();
        Assert.Equal(new JobStats { NotModified = 2 }, unchanged.Stats);
        Assert.Empty(files.Downloads);
        Assert.All(harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: unchanged.JobId)), o => Assert.NotNull(o.ContentHash));

        // The host touched every date: each file is downloaded, and only the one whose content changed is updated.
        files.List(("a.xml", "Alpha", Monday.AddDays(1)), ("b.xml", "Beta, revised", Monday.AddDays(1)));
        var touched = await harvest.RunAsync();
        Assert.Equal(new JobStats { Updated = 1, NotModified = 1 }, touched.Stats);
        Assert.Equal(["a.xml", "b.xml"], files.Downloads.Order());

        // The new dates are now the ones compared with.
        files.List(("a.xml", "Alpha", Monday.AddDays(1)), ("b.xml", "Beta, revised", Monday.AddDays(1)));
        Assert.Equal(new JobStats { NotModified = 2 }, (await harvest.RunAsync()).Stats);
        Assert.Empty(files.Downloads);
    }

    [Fact]
    public async Task Preview_reports_a_file_with_an_unmoved_date_unchanged_without_downloading_it()
    {
        var files = new ListedFiles();
        using var harvest = new TestHarvest(registry: files.Harvester.Registry());
        harvest.AddSource("https://waf.example/", type: ScriptedHarvester.TypeName);
        files.List(("a.xml", "Alpha", Monday));
        await harvest.RunAsync();

        files.List(("a.xml", "Alpha", Monday), ("c.xml", "Gamma", Monday));
        var preview = await harvest.Engine.Preview.PreviewSourceAsync("test-source");

        Assert.Equal(Harvest.Engine.Preview.PreviewAction.Unchanged, PreviewActionOf(preview, "a.xml"));
        Assert.Equal(Harvest.Engine.Preview.PreviewAction.Create, PreviewActionOf(preview, "c.xml"));
        Assert.Equal(["c.xml"], files.Downloads);
    }

    private static Harvest.Engine.Preview.PreviewAction PreviewActionOf(Harvest.Engine.Preview.PreviewReport report, string guid) =>
        Assert.Single(report.Records, r => r.Guid == guid).Action;
}
