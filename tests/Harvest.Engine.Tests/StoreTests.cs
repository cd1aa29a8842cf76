using Harvest.Engine.Model;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Harvest.Engine.Tests;

/// <summary>The SQLite store: migrations, transactions, clearing a source and its history, object extras.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harvest-store-").FullName;

    private string DatabasePath => Path.Combine(_folder, "harvest.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private List<long> SchemaVersions()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read()) versions.Add(reader.GetInt64(0));
        return versions;
    }

    private static HarvestSource NewSource(string name) => new()
    {
        SourceId = Guid.NewGuid().ToString(), Name = name, Url = "https://example.org/" + name, Type = "datajson",
        Created = DateTimeOffset.UtcNow, Modified = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void Migrations_are_applied_once_even_when_migrating_again_or_reopening()
    {
        var expected = Schema.Migrations.Select(m => (long)m.Version).ToList();
        using (var store = new SqliteHarvestStore(DatabasePath))
        {
            Assert.Equal(Schema.LatestVersion, store.Migrate());
            Assert.Equal(Schema.LatestVersion, store.Migrate());
            store.InsertSource(NewSource("kept"));
        }
        Assert.Equal(expected, SchemaVersions());

        using (var reopened = new SqliteHarvestStore(DatabasePath))
        {
            Assert.Equal(Schema.LatestVersion, reopened.Migrate());
            Assert.NotNull(reopened.FindSource("kept"));
        }
        Assert.Equal(expected, SchemaVersions());
    }

    [Fact]
    public async Task A_version_1_store_with_harvested_datasets_upgrades_in_place_and_keeps_them()
    {
        // A store as the first release left it: schema version 1 only, with a source, a job and a dataset.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);" +
                Schema.Migrations[0].Sql.Replace("{identity}", "INTEGER PRIMARY KEY", StringComparison.Ordinal) +
                ";INSERT INTO schema_version (version, applied) VALUES (1, '2026-01-01T00:00:00.0000000Z');";
            command.ExecuteNonQuery();
        }
        var catalog = Path.Combine(_folder, "c.json");
        File.WriteAllText(catalog, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));
        using (var before = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            before.Open();
            using var groups = before.CreateCommand();
            groups.CommandText = "INSERT INTO catalog_group (id, name, title, is_organization, created) VALUES ('g1', 'parks', 'Parks', 1, '2026-01-01T00:00:00.0000000Z')";
            groups.ExecuteNonQuery();
        }

        using var engine = new HarvestEngine(new Settings.HarvestSettings { Database = DatabasePath },
            registry: Harvest.Harvesters.BuiltInHarvesters.CreateRegistry(new Settings.HarvestSettings()));
        Assert.Equal(Schema.LatestVersion, engine.Initialize().SchemaVersion);
        Assert.Equal(Schema.Migrations.Select(m => (long)m.Version), SchemaVersions());
        Assert.Null(Assert.Single(engine.Store.ListGroups(organizations: true)).ImageUrl);
        engine.Sources.Create(new Sources.NewSourceRequest { Name = "parks", Url = catalog, Type = "datajson", Organization = "Parks" });
        var report = await engine.Jobs.RunNowAsync("parks");
        Assert.Equal(1, report.Stats.Added);
        Assert.Empty(report.GatherWarnings);
        Assert.Contains("parks", engine.Store.ListGroups(organizations: true).Select(g => g.Name));
    }

    [Fact]
    public void A_store_is_migrated_on_first_use_without_an_explicit_migrate()
    {
        using (var store = new SqliteHarvestStore(Path.Combine(_folder, "sub", "dir", "harvest.db")))
        {
            store.InsertSource(NewSource("first"));
            Assert.Equal("first", Assert.Single(store.ListSources(includeInactive: true)).Name);
        }
        Assert.True(File.Exists(Path.Combine(_folder, "sub", "dir", "harvest.db")));
    }

    [Fact]
    public void A_store_with_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        using (var store = new SqliteHarvestStore(DatabasePath)) store.Migrate();
        var newer = Schema.LatestVersion + 1;
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_version (version, applied) VALUES ({newer}, '2030-01-01T00:00:00Z')";
            command.ExecuteNonQuery();
        }

        using var reopened = new SqliteHarvestStore(DatabasePath);
        var e = Assert.ThrowsAny<HarvestException>(() => reopened.Migrate());
        Assert.Contains($"schema version {newer}", e.Message);
        Assert.Contains($"({Schema.LatestVersion})", e.Message);
        Assert.Contains("upgrade Harvest", e.Message);
        // Opening an engine over it fails the same way.
        var engineError = Assert.ThrowsAny<HarvestException>(() => new HarvestEngine(new Settings.HarvestSettings { Database = DatabasePath }));
        Assert.Contains($"schema version {newer}", engineError.Message);
        Assert.Equal(newer, SchemaVersions().Max());
    }

    /// <summary>
    /// A consumer of an older Harvest over a newer store can never work: it stops with the message instead of retrying
    /// (and logging the same error) every 30 seconds for as long as it runs.
    /// </summary>
    [Fact]
    public async Task A_consumer_over_a_store_with_a_newer_schema_stops_instead_of_retrying()
    {
        using (var store = new SqliteHarvestStore(DatabasePath)) store.Migrate();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_version (version, applied) VALUES ({Schema.LatestVersion + 1}, '2030-01-01T00:00:00Z')";
            command.ExecuteNonQuery();
        }
        var settings = new Settings.HarvestSettings { Database = DatabasePath };
        var consumer = new Engine.Consumers.ConsumerHost(settings, Harvest.Harvesters.BuiltInHarvesters.CreateRegistry(settings), Engine.Queues.HarvestQueueKind.Fetch, 2, Engine.Logging.SilentOutput.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var e = await Assert.ThrowsAsync<HarvestStoreTooNewException>(() => consumer.RunAsync(stop.Token));
        Assert.False(stop.IsCancellationRequested, "the consumer kept retrying until it was stopped");
        Assert.Contains("upgrade Harvest", e.Message);
    }

    [Fact]
    public void A_transaction_disposed_without_commit_is_rolled_back_and_a_nested_one_follows_the_outer()
    {
        using var store = new SqliteHarvestStore(DatabasePath);
        using (var outer = store.BeginTransaction())
        {
            store.InsertSource(NewSource("rolled-back"));
            using (var inner = store.BeginTransaction())
            {
                store.InsertSource(NewSource("inner"));
                inner.Commit();
            }
        }
        using (var committed = store.BeginTransaction())
        {
            store.InsertSource(NewSource("committed"));
            committed.Commit();
        }

        Assert.Equal(["committed"], store.ListSources(includeInactive: true).Select(s => s.Name));
    }

    [Fact]
    public void Object_extras_round_trip_and_are_replaced_on_update()
    {
        using var harvest = new TestHarvest();
        var source = harvest.AddSource("https://example.org/data.json");
        var job = harvest.Engine.Jobs.Create(source.Name);
        var store = harvest.Engine.Store;
        var harvestObject = new HarvestObject
        {
            ObjectId = Guid.NewGuid().ToString(), JobId = job.JobId, SourceId = source.SourceId, Guid = "g-1", Sequence = 0,
            State = ObjectState.Waiting, Gathered = DateTimeOffset.UtcNow, Content = """{"title":"x"}""",
            Extras = new Dictionary<string, string> { ["status"] = "delete", ["origin"] = "page 2 \u00e9", ["empty"] = "" },
        };

        store.InsertObject(harvestObject);
        var read = store.FindObject(harvestObject.ObjectId)!;

        Assert.Equal(harvestObject.Extras.OrderBy(e => e.Key), read.Extras.OrderBy(e => e.Key));
        Assert.Equal("g-1", read.Guid);
        Assert.Equal("""{"title":"x"}""", read.Content);
        Assert.Equal(harvestObject.Extras.Count, Assert.Single(store.ListObjects(new ObjectQuery(JobId: job.JobId))).Extras.Count);

        store.UpdateObject(read with { Extras = new Dictionary<string, string> { ["origin"] = "page 3" } });
        var updated = store.FindObject(harvestObject.ObjectId)!;
        Assert.Equal(new Dictionary<string, string> { ["origin"] = "page 3" }, updated.Extras);
    }

    [Fact]
    public async Task Clearing_a_source_removes_its_datasets_jobs_and_objects_and_keeps_it()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("one.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta"))), name: "one");
        harvest.AddSource(harvest.WriteFile("two.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("c", "Gamma"))), name: "two");
        var one = await harvest.RunAsync("one");
        await harvest.RunAsync("two");

        var cleared = harvest.Engine.Sources.Clear("one");

        Assert.Equal(one.SourceId, cleared.SourceId);
        Assert.NotNull(harvest.Engine.Store.FindSource("one"));
        Assert.Empty(harvest.Engine.Datasets("one", includeDeleted: true));
        Assert.Empty(harvest.Engine.Jobs.List("one"));
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: one.SourceId)));
        Assert.Empty(harvest.Engine.Store.ListObjectErrors(one.JobId));
        // The other source is untouched, and the cleared one harvests from scratch.
        Assert.Equal(["gamma"], harvest.Engine.Datasets().Select(d => d.Name));
        Assert.Single(harvest.Engine.Jobs.List("two"));
        Assert.Equal(2, (await harvest.RunAsync("one")).Stats.Added);
    }

    [Fact]
    public async Task Clear_history_removes_finished_jobs_and_their_objects_but_not_datasets_or_New_jobs()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
        var first = await harvest.RunAsync();
        await harvest.RunAsync();
        var pending = harvest.Engine.Jobs.Create("test-source");

        var removed = harvest.Engine.Sources.ClearHistory("test-source", keepCurrent: false);

        Assert.Equal(2, removed);
        Assert.Equal(pending.JobId, Assert.Single(harvest.Engine.Jobs.List("test-source")).JobId);
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: first.SourceId)));
        Assert.Equal(["alpha"], harvest.Engine.Datasets().Select(d => d.Name));
        // With no current object left, the next run imports the record again instead of reporting it not modified.
        Assert.Equal(1, (await harvest.RunAsync()).Stats.Updated);
    }

    [Fact]
    public async Task Clear_history_keeping_current_keeps_exactly_the_current_objects_and_their_jobs()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"), DataJsonBuilder.Record("b", "Beta")));
        harvest.AddSource(path);
        var first = await harvest.RunAsync();                 // a and b added: current in the first job
        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha", "changed"), DataJsonBuilder.Record("b", "Beta")));
        var second = await harvest.RunAsync();                // a updated: current in the second job
        var third = await harvest.RunAsync();                 // nothing changed: no current object

        var removed = harvest.Engine.Sources.ClearHistory("test-source", keepCurrent: true);

        Assert.Equal(1, removed);
        Assert.Equal([second.JobId, first.JobId], harvest.Engine.Jobs.List("test-source").Select(j => j.JobId));
        Assert.Null(harvest.Engine.Store.FindJob(third.JobId));
        var left = harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: first.SourceId));
        Assert.Equal(2, left.Count);
        Assert.All(left, o => Assert.True(o.Current));
        Assert.Equal(first.JobId, left.Single(o => o.Guid == "b").JobId);
        Assert.Equal(second.JobId, left.Single(o => o.Guid == "a").JobId);
        // Change detection still works against the kept objects.
        Assert.Equal(new JobStats { NotModified = 2 }, (await harvest.RunAsync()).Stats);
    }

    [Fact]
    public async Task Clear_history_of_no_source_clears_every_source()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("one.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))), name: "one");
        harvest.AddSource(harvest.WriteFile("two.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("b", "Beta"))), name: "two");
        await harvest.RunAsync("one");
        await harvest.RunAsync("two");

        Assert.Equal(2, harvest.Engine.Sources.ClearHistory(null, keepCurrent: false));
        Assert.Empty(harvest.Engine.Jobs.List());
    }

    [Fact]
    public async Task Deleting_a_source_removes_it_with_everything_it_harvested()
    {
        using var harvest = new TestHarvest();
        var source = harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
        await harvest.RunAsync();

        harvest.Engine.Sources.Delete("test-source");

        Assert.Null(harvest.Engine.Store.FindSource(source.SourceId));
        Assert.Empty(harvest.Engine.Datasets(includeDeleted: true));
        Assert.Empty(harvest.Engine.Store.ListJobs(new JobQuery(source.SourceId)));
        Assert.Empty(harvest.Engine.Store.ListObjects(new ObjectQuery(SourceId: source.SourceId)));
    }
}
