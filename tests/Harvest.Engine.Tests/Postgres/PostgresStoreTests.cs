using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Support;
using Npgsql;

namespace Harvest.Engine.Tests.Postgres;

/// <summary>The PostgreSQL store against a real server on loopback: the parity scenarios, migrations, connection strings.</summary>
public sealed class PostgresStoreTests
{
    [PostgresFact]
    public Task Lifecycle() => StoreParityScenarios.A_catalog_is_added_then_not_modified_updated_deleted_and_restored(StoreKind.Postgres);

    [PostgresFact]
    public Task Errors() => StoreParityScenarios.Errored_records_are_reported_with_their_lines(StoreKind.Postgres);

    [PostgresFact]
    public Task Queries() => StoreParityScenarios.Queries_filter_as_the_cli_and_cmdlets_ask(StoreKind.Postgres);

    [PostgresFact]
    public Task Reimport_and_log() => StoreParityScenarios.Reimport_and_the_log_work(StoreKind.Postgres);

    [PostgresFact]
    public void Bulk_object_insert() => StoreParityScenarios.Objects_inserted_in_bulk_read_back_as_inserted_one_by_one(StoreKind.Postgres);

    [PostgresFact]
    public Task Dataset_pages() => StoreParityScenarios.Datasets_are_listed_whole_a_page_at_a_time(StoreKind.Postgres);

    [PostgresFact]
    public void A_failing_bulk_insert_leaves_nothing_after_rollback()
    {
        using var harvest = TestHarvest.OnPostgres();
        var source = harvest.AddSource("https://example.org/bulk");
        var job = harvest.Engine.Jobs.Create("test-source");
        var store = harvest.Engine.Store;
        HarvestObject Object(int i, string extra) => new()
        {
            ObjectId = $"o-{i}", JobId = job.JobId, SourceId = source.SourceId, Guid = $"g-{i}", Sequence = i,
            Gathered = DateTimeOffset.UtcNow, Content = "{}", Extras = new Dictionary<string, string> { ["k"] = extra },
        };
        // PostgreSQL refuses NUL in text: the objects' COPY succeeds, the extras' COPY fails.
        var bad = new[] { Object(0, "fine"), Object(1, "bad\0value") };

        using (var transaction = store.BeginTransaction())
        {
            Assert.ThrowsAny<NpgsqlException>(() => store.InsertObjects(bad));
        }
        Assert.Empty(store.ListObjects(new ObjectQuery(JobId: job.JobId)));

        // Without a caller's transaction, the insert's own keeps objects and extras together.
        Assert.ThrowsAny<NpgsqlException>(() => store.InsertObjects(bad));
        Assert.Empty(store.ListObjects(new ObjectQuery(JobId: job.JobId)));

        // Inside a savepoint (a transaction begun in another), only the failed insert is undone; the outer one commits.
        using (var outer = store.BeginTransaction())
        {
            store.InsertObjects([Object(2, "kept")]);
            using (var inner = store.BeginTransaction())
            {
                Assert.ThrowsAny<NpgsqlException>(() => store.InsertObjects(bad));
            }
            store.InsertObjects([Object(3, "kept too")]);
            outer.Commit();
        }
        Assert.Equal(["o-2", "o-3"], store.ListObjects(new ObjectQuery(JobId: job.JobId)).Select(o => o.ObjectId));
        Assert.Equal("kept too", store.FindObject("o-3")!.Extras["k"]);
    }

    [PostgresFact]
    public async Task A_failing_write_loses_only_its_own_object()
    {
        // PostgreSQL refuses a NUL character in text, after the page's transaction has begun: without a savepoint
        // per object, that one failure would make PostgreSQL refuse every later write of the page.
        var harvester = new ScriptedHarvester().Add("a", "Alpha").Add("b", "Bad\0title").Add("c", "Gamma");
        using var harvest = TestHarvest.OnPostgres(registry: harvester.Registry());
        harvest.AddSource("https://example.org/scripted", type: ScriptedHarvester.TypeName);

        var report = await harvest.RunAsync();

        Assert.Equal((2, 1), (report.Stats.Added, report.Stats.Errored));
        Assert.Equal(["alpha", "gamma"], harvest.Engine.Datasets().Select(d => d.Name));
        Assert.Equal("b", Assert.Single(report.ObjectErrors).Guid);
    }

    [PostgresFact]
    public void Migrations_run_once_even_when_several_processes_start_together()
    {
        using var database = PostgresTestDatabase.Create();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresHarvestStore(database.ConnectionString)).ToList();
        try
        {
            Parallel.ForEach(stores, store => Assert.Equal(Schema.LatestVersion, store.Migrate()));
            Assert.Equal(Schema.LatestVersion, new PostgresHarvestStore(database.ConnectionString).Migrate());
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.Equal((long)Schema.LatestVersion, count.ExecuteScalar());
    }

    [PostgresFact]
    public void Record_contents_and_descriptions_are_compressed_with_lz4_and_read_back_whole()
    {
        using var harvest = TestHarvest.OnPostgres();
        var source = harvest.AddSource("https://example.org/lz4");
        var job = harvest.Engine.Jobs.Create("test-source");
        // Large and compressible enough to be compressed in line or moved out of line: either way with the column's method.
        var content = "{\"notes\": \"" + string.Concat(Enumerable.Repeat("river gauge readings, hourly; ", 2000)) + "\"}";
        harvest.Engine.Store.InsertObject(new HarvestObject
        {
            ObjectId = "o-lz4", JobId = job.JobId, SourceId = source.SourceId, Guid = "g-lz4", Sequence = 1, Gathered = DateTimeOffset.UtcNow, Content = content,
        });

        using var connection = new NpgsqlConnection(harvest.Settings.Database);
        connection.Open();
        using (var methods = new NpgsqlCommand("""
            SELECT attrelid::regclass::text || '.' || attname, attcompression::text FROM pg_attribute
            WHERE (attrelid = 'harvest_object'::regclass AND attname = 'content')
               OR (attrelid = 'dataset'::regclass AND attname IN ('notes', 'extras', 'resources', 'search_text'))
            ORDER BY 1
            """, connection))
        using (var reader = methods.ExecuteReader())
        {
            var columns = new List<string>();
            while (reader.Read()) columns.Add($"{reader.GetString(0)}={reader.GetString(1)}");
            Assert.Equal(["dataset.extras=l", "dataset.notes=l", "dataset.resources=l", "dataset.search_text=l", "harvest_object.content=l"], columns);
        }
        using (var stored = new NpgsqlCommand("SELECT pg_column_compression(content) FROM harvest_object WHERE id = 'o-lz4'", connection))
            Assert.Equal("lz4", stored.ExecuteScalar());
        Assert.Equal(content, harvest.Engine.Store.FindObject("o-lz4")!.Content);
    }

    [PostgresFact]
    public void A_uri_connection_string_opens_the_same_database()
    {
        using var database = PostgresTestDatabase.Create();
        var keywords = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var uri = $"postgresql://{keywords.Username}:{Uri.EscapeDataString(keywords.Password!)}@{keywords.Host}:{keywords.Port}/{keywords.Database}";
        using (var engine = new HarvestEngine(new HarvestSettings { Database = uri }, registry: global::Harvest.Harvesters.BuiltInHarvesters.CreateRegistry(new HarvestSettings())))
            engine.Sources.Create(new Sources.NewSourceRequest { Name = "by-uri", Url = "https://example.org/data.json", Type = "datajson" });
        using var again = new HarvestEngine(new HarvestSettings { Database = database.ConnectionString });
        Assert.Equal("by-uri", again.Sources.Get("by-uri").Name);
    }

    [FixtureFact]
    public async Task Fixtures_import_as_on_sqlite()
    {
        if (PostgresTestDatabase.Unavailable is not null && Environment.GetEnvironmentVariable("CI") != "true") return;
        using var harvest = TestHarvest.OnPostgres();
        harvest.AddSource(Fixtures.DataJson("healthdata.gov.data.json"), name: "health");
        harvest.AddSource(Fixtures.DataJson("opendataphilly.data.json"), name: "philly");

        var health = await harvest.Engine.Jobs.RunNowAsync("health");
        var philly = await harvest.Engine.Jobs.RunNowAsync("philly");
        Assert.Equal((1656, 106), (health.Stats.Added, health.Stats.Errored));
        Assert.Equal(402, philly.Stats.Added);

        Assert.Equal(1656, (await harvest.Engine.Jobs.RunNowAsync("health")).Stats.NotModified);
        Assert.Equal(402, (await harvest.Engine.Jobs.RunNowAsync("philly")).Stats.NotModified);
    }
}

/// <summary>The same scenarios on SQLite, so that a difference between the stores shows as one side failing.</summary>
public sealed class SqliteStoreParityTests
{
    [Fact]
    public Task Lifecycle() => StoreParityScenarios.A_catalog_is_added_then_not_modified_updated_deleted_and_restored(StoreKind.Sqlite);

    [Fact]
    public Task Errors() => StoreParityScenarios.Errored_records_are_reported_with_their_lines(StoreKind.Sqlite);

    [Fact]
    public Task Queries() => StoreParityScenarios.Queries_filter_as_the_cli_and_cmdlets_ask(StoreKind.Sqlite);

    [Fact]
    public Task Reimport_and_log() => StoreParityScenarios.Reimport_and_the_log_work(StoreKind.Sqlite);

    [Fact]
    public void Bulk_object_insert() => StoreParityScenarios.Objects_inserted_in_bulk_read_back_as_inserted_one_by_one(StoreKind.Sqlite);

    [Fact]
    public Task Dataset_pages() => StoreParityScenarios.Datasets_are_listed_whole_a_page_at_a_time(StoreKind.Sqlite);
}

/// <summary>Connection strings and failures that need no server.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgresql://harvest:s%40cret@db.example:6543/catalog?Pooling=false", "db.example", 6543, "catalog", "harvest", "s@cret")]
    [InlineData("postgres://u@localhost/harvest", "localhost", 5432, "harvest", "u", null)]
    [InlineData("Host=h;Port=5433;Database=d;Username=u;Password=p", "h", 5433, "d", "u", "p")]
    public void Both_forms_are_read(string text, string host, int port, string database, string user, string? password)
    {
        var builder = PostgresConnectionString.Parse(text);
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void A_server_that_does_not_answer_gives_an_error_naming_it()
    {
        var e = Assert.Throws<HarvestException>(() =>
            new HarvestEngine(new HarvestSettings { Database = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=nowhere;Timeout=3" }));
        Assert.Contains("127.0.0.1:1/nowhere", e.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_a_clear_error()
    {
        var e = Assert.Throws<HarvestSettingsException>(() => new HarvestEngine(new HarvestSettings { Database = "Host=h;Bogus Key=1" }));
        Assert.Contains("connection string", e.Message);
    }
}
