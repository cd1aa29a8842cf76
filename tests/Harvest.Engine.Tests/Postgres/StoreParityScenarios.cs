using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Postgres;

/// <summary>Scenarios that SQLite and PostgreSQL must pass alike; each test class below runs them on one store.</summary>
public static class StoreParityScenarios
{
    public static async Task A_catalog_is_added_then_not_modified_updated_deleted_and_restored(StoreKind kind)
    {
        using var harvest = TestHarvest.On(kind);
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma")));
        harvest.AddSource(path);

        Assert.Equal(3, (await harvest.RunAsync()).Stats.Added);
        Assert.Equal(3, (await harvest.RunAsync()).Stats.NotModified);

        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha", "changed"), DataJsonBuilder.Record("b", "Beta")));
        var third = await harvest.RunAsync();
        Assert.Equal((0, 1, 1, 1, 0), (third.Stats.Added, third.Stats.Updated, third.Stats.NotModified, third.Stats.Deleted, third.Stats.Errored));
        var gamma = Assert.Single(harvest.Engine.Datasets(includeDeleted: true), d => d.Guid == "c");
        Assert.Equal(DatasetState.Deleted, gamma.State);

        File.WriteAllText(path, DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha", "changed"), DataJsonBuilder.Record("b", "Beta"), DataJsonBuilder.Record("c", "Gamma")));
        var fourth = await harvest.RunAsync();
        Assert.Equal(1, fourth.Stats.Updated);
        var restored = harvest.Engine.Dataset(gamma.DatasetId);
        Assert.Equal((DatasetState.Active, gamma.Name), (restored.State, restored.Name));
        Assert.Equal("changed", harvest.Engine.Dataset("alpha").Notes);
        Assert.Single(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("test-source").SourceId, Guid: "a", Current: true)));
    }

    public static async Task Errored_records_are_reported_with_their_lines(StoreKind kind)
    {
        using var harvest = TestHarvest.On(kind);
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("a", "Again"), new Dictionary<string, object> { ["title"] = "No id" }));
        harvest.AddSource(path);

        var report = await harvest.RunAsync();

        Assert.Equal((1, 2), (report.Stats.Added, report.Stats.Errored));
        Assert.Equal(2, report.ObjectErrors.Count);
        Assert.All(report.ObjectErrors.SelectMany(o => o.Errors), e => Assert.NotNull(e.Line));
        Assert.Contains(report.ObjectErrors, o => o.Errors.Any(e => e.Message.Contains("'a' is repeated", StringComparison.Ordinal)));
        Assert.Equal(2, harvest.Engine.Store.ListObjects(new ObjectQuery(JobId: report.JobId, ReportStatus: ReportStatus.Errored)).Count);
    }

    public static async Task Queries_filter_as_the_cli_and_cmdlets_ask(StoreKind kind)
    {
        using var harvest = TestHarvest.On(kind);
        harvest.AddSource(harvest.WriteFile("one.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("a", "Road works 100%"), DataJsonBuilder.Record("b", "Roadxworks"))), name: "one");
        harvest.AddSource(harvest.WriteFile("two.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("z", "Zeta"))), name: "two");
        var first = await harvest.Engine.Jobs.RunNowAsync("one");
        await harvest.Engine.Jobs.RunNowAsync("one");
        harvest.Engine.Jobs.Create("two");

        Assert.Equal(2, harvest.Engine.Jobs.List("one").Count);
        Assert.Single(harvest.Engine.Jobs.List(status: JobStatus.New));
        Assert.Equal(3, harvest.Engine.Jobs.List().Count);
        Assert.Equal(2, harvest.Engine.Jobs.List("one", JobStatus.Finished, limit: 5).Count);
        Assert.Equal(["road-works-100"], harvest.Engine.Datasets(search: "100%").Select(d => d.Name));
        Assert.Equal(2, harvest.Engine.Datasets("one").Count);
        Assert.Empty(harvest.Engine.Datasets("two"));
        Assert.Equal(2, harvest.Engine.Objects(new ObjectQuery(SourceId: harvest.Engine.Sources.Get("one").SourceId, Current: true)).Count());
        Assert.Equal(2, harvest.Engine.Objects(new ObjectQuery(JobId: first.JobId, ReportStatus: ReportStatus.Added)).Count());

        Assert.Equal(1, harvest.Engine.Sources.ClearHistory("one", keepCurrent: true));
        Assert.Single(harvest.Engine.Jobs.List("one"));
        harvest.Engine.Sources.Clear("one");
        Assert.Empty(harvest.Engine.Datasets("one", includeDeleted: true));
        harvest.Engine.Jobs.Abort("two");
        harvest.Engine.Sources.Delete("two");
        Assert.Equal(["one"], harvest.Engine.Sources.List(includeInactive: true).Select(s => s.Name));
    }

    public static async Task Reimport_and_the_log_work(StoreKind kind)
    {
        using var harvest = kind == StoreKind.Postgres
            ? TestHarvest.OnPostgres(s => s with { LogScope = 0 })
            : new TestHarvest(s => s with { LogScope = 0 });
        harvest.AddSource(harvest.WriteFile("c.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"))));
        await harvest.RunAsync();

        var result = harvest.Engine.Jobs.Reimport(new ReimportRequest { Source = "test-source" });

        Assert.Equal(2, result.Objects);
        Assert.Equal(2, result.ByStatus[ReportStatus.Updated]);
        var log = harvest.Engine.Store.ListLog(null, 100, 0);
        Assert.Contains(log, l => l.Content.Contains("gather of job", StringComparison.Ordinal));
        Assert.True(log.Zip(log.Skip(1)).All(p => p.First.LogId > p.Second.LogId), "newest first");
        Assert.All(harvest.Engine.Store.ListLog("warning", 100, 0), l => Assert.Equal("warning", l.Level));
    }

    private static readonly Dictionary<string, string> NoExtras = [];

    public static void Objects_inserted_in_bulk_read_back_as_inserted_one_by_one(StoreKind kind)
    {
        using var harvest = TestHarvest.On(kind);
        var source = harvest.AddSource("https://example.org/bulk");
        var job = harvest.Engine.Jobs.Create("test-source");
        var store = harvest.Engine.Store;
        var gathered = new DateTimeOffset(2026, 11, 24, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        // 1200 objects (many INSERT statements on SQLite, one COPY on PostgreSQL) with 0-4 extras each (2400 extras),
        // every column both empty and set somewhere, unicode (accents, CJK, emoji, RTL) and ~5 KB JSON content.
        var large = string.Concat(Enumerable.Repeat("Zürich 東京 😀 مرحبا \"q\" \\ ", 160));
        var objects = Enumerable.Range(0, 1200).Select(i => new HarvestObject
        {
            ObjectId = $"object-{i:0000}", JobId = job.JobId, SourceId = source.SourceId, Guid = i % 7 == 0 ? "" : $"guid-{i}-ü",
            Sequence = i, State = (ObjectState)(i % Enum.GetValues<ObjectState>().Length),
            ReportStatus = (ReportStatus)(i % Enum.GetValues<ReportStatus>().Length), Current = i % 3 == 0,
            Content = i % 5 == 0 ? null : i % 5 == 1 ? "" : $$"""{"id": "guid-{{i}}", "title": "Dataset '{{i}}' é 😀", "notes": "{{(i % 10 == 2 ? large : "")}}"}""",
            ContentHash = i % 2 == 0 ? null : $"hash-{i}", DatasetId = i % 4 == 0 ? $"dataset-{i}" : null,
            Gathered = gathered.AddSeconds(i), FetchFinished = i % 6 == 0 ? gathered.AddMinutes(i) : null,
            ImportFinished = i % 9 == 0 ? gathered.AddHours(i) : null, Attempts = i % 3 + (i == 11 ? int.MaxValue - 2 : 0),
            Extras = Enumerable.Range(0, i % 5).ToDictionary(k => $"key{k}", k => k == 3 ? "" : $"value {k} of {i} — ✓"),
        }).ToList();

        using (var transaction = store.BeginTransaction())
        {
            store.InsertObjects(objects);
            transaction.Commit();
        }
        store.InsertObjects([]);
        // Outside any transaction too.
        var loose = objects.Take(3).Select((o, i) => o with { ObjectId = $"loose-{i}", Sequence = 2000 + i }).ToList();
        store.InsertObjects(loose);
        var one = objects[1] with { ObjectId = "single", Sequence = 3000 };
        store.InsertObject(one);

        var read = store.ListObjects(new ObjectQuery(JobId: job.JobId, Limit: 10_000));
        Assert.Equal([.. objects, .. loose, one], read, (a, b) => Same(a, b));
        Assert.Equal(2400 + 0 + 1 + 2 + 1, read.Sum(o => o.Extras.Count));
        Assert.True(Same(objects[4], store.FindObject("object-0004")!));
        Assert.True(Same(objects[12], store.FindObject("object-0012")!));
        Assert.Contains(large, store.FindObject("object-0012")!.Content!, StringComparison.Ordinal);

        static bool Same(HarvestObject a, HarvestObject b) =>
            a with { Extras = NoExtras } == b with { Extras = NoExtras } && a.Extras.OrderBy(e => e.Key).SequenceEqual(b.Extras.OrderBy(e => e.Key));
    }

    /// <summary>
    /// Datasets are read a page at a time, in name order, with nothing lost or repeated between pages (once capped at
    /// 100,000 without a word); a deleted dataset appears only when asked for.
    /// </summary>
    public static async Task Datasets_are_listed_whole_a_page_at_a_time(StoreKind kind)
    {
        using var harvest = TestHarvest.On(kind);
        var records = Enumerable.Range(0, 2_500).Select(i => DataJsonBuilder.Record($"p{i}", $"Paged {i:x4} dataset")).ToArray();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(records));
        harvest.AddSource(path);
        Assert.Equal(2_500, (await harvest.RunAsync()).Stats.Added);
        File.WriteAllText(path, DataJsonBuilder.Catalog(records[1..]));
        Assert.Equal(1, (await harvest.RunAsync()).Stats.Deleted);

        var all = harvest.Engine.Datasets();
        Assert.Equal(2_499, all.Count);
        Assert.Equal(all.Select(d => d.Name).Order(StringComparer.Ordinal), all.Select(d => d.Name));
        Assert.Equal(all.Select(d => d.DatasetId), harvest.Engine.EnumerateDatasets(pageSize: 7).Select(d => d.DatasetId));
        Assert.Equal(2_500, harvest.Engine.EnumerateDatasets(includeDeleted: true, pageSize: 1000).Select(d => d.DatasetId).Distinct().Count());
        var found = harvest.Engine.EnumerateDatasets("test-source", "paged 000", pageSize: 1).Select(d => d.Name).ToList();
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"paged-{i:x4}-dataset"), found);
    }
}
