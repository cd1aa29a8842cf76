using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>
/// No secret is ever printed (issue 18, item 1): a scripted session through the CLI and the engine, with a PostgreSQL
/// password in each connection string form, mq_password, smtp_password and a source's api_key, successes and failures
/// alike, and every line it printed, returned or logged searched for them.
/// </summary>
public sealed class SecretRedactionTests
{
    private readonly StringBuilder _seen = new();

    private void See(string where, string? text) => _seen.Append("--- ").AppendLine(where).AppendLine(text);

    private async Task<CliResult> RunAsync(string settingsPath, params string[] args)
    {
        var result = await RawCli.RunAsync([.. args, "--settings", settingsPath]);
        See(args[0], result.Stdout + result.Stderr); // not the arguments: they hold the secrets on purpose
        Assert.DoesNotContain("   at ", result.Stderr);
        return result;
    }

    private static string WriteSettings(string folder, string name, Dictionary<string, object?> settings)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return path;
    }

    [PostgresFact]
    public async Task A_scripted_session_prints_no_secret_anywhere()
    {
        using var role = PostgresTestRole.Create();
        using var database = PostgresTestDatabase.Create();
        role.MayCreateIn(database);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var mqPassword = "Mq-Pass-" + suffix;
        var smtpPassword = "Smtp-Pass-" + suffix;
        var apiKey = "Api-Key-" + suffix;
        var wrongPgPassword = "Pg-Wrong-" + suffix;
        string[] secrets = [role.Password, mqPassword, smtpPassword, apiKey, wrongPgPassword];

        var folder = Directory.CreateTempSubdirectory("harvest-secrets-").FullName;
        using var smtp = new SmtpTestServer { Credentials = ("mailer", "the-right-one") };
        await using var ckan = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 403;
            return Task.CompletedTask;
        });
        var keyword = role.ConnectionString(database);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(keyword);
        var forms = new Dictionary<string, string>
        {
            ["keyword"] = keyword,
            ["uri"] = $"postgresql://{role.Name}:{role.Password}@{builder.Host}:{builder.Port}/{builder.Database}",
            ["libpq"] = $"host={builder.Host} port={builder.Port} dbname={builder.Database} user={role.Name} password='{role.Password}'",
        };
        Dictionary<string, object?> Settings(string database) => new()
        {
            ["database"] = database, ["log_scope"] = 0, ["mq_password"] = mqPassword,
            ["status_mail_all"] = true, ["mail_admins"] = "ops@example.org", ["smtp_host"] = "127.0.0.1", ["smtp_port"] = smtp.Port,
            ["smtp_user"] = "mailer", ["smtp_password"] = smtpPassword, ["smtp_timeout_seconds"] = 5,
        };

        foreach (var (form, text) in forms)
        {
            var path = WriteSettings(folder, form + ".json", Settings(text));
            var init = await RunAsync(path, "initdb");
            CliJson.AssertExit(0, init);
            Assert.Contains("***", init.Stdout);
            CliJson.AssertExit(0, await RunAsync(path, "initdb", "--json"));
        }

        var settings = WriteSettings(folder, "session.json", Settings(forms["keyword"]));
        CliJson.AssertExit(0, await RunAsync(settings, "source", "create", "remote", ckan.BaseUrl, "ckan", "--config",
            $$"""{"api_key": "{{apiKey}}", "include_private": true}"""));
        await RunAsync(settings, "source", "show", "remote");
        await RunAsync(settings, "source", "show", "remote", "--json");
        await RunAsync(settings, "sources", "--json");
        var run = await RunAsync(settings, "run-test", "remote", "--verbose", "--json");
        CliJson.AssertExit(1, run);
        Assert.Contains("403", run.Stdout);
        await RunAsync(settings, "jobs", "--json");
        await RunAsync(settings, "log", "--json");
        await RunAsync(settings, "log");

        // Failures: a wrong PostgreSQL password, an unreachable server, brokers that refuse mq_password.
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(keyword) { Password = wrongPgPassword }.ConnectionString;
        CliJson.AssertExit(2, await RunAsync(WriteSettings(folder, "wrong.json", Settings(wrong)), "initdb"));
        CliJson.AssertExit(2, await RunAsync(WriteSettings(folder, "wrong-uri.json",
            Settings($"postgresql://{role.Name}:{wrongPgPassword}@{builder.Host}:{builder.Port}/{builder.Database}")), "initdb", "--json"));
        CliJson.AssertExit(2, await RunAsync(WriteSettings(folder, "wrong-libpq.json",
            Settings($"host={builder.Host} port={builder.Port} dbname={builder.Database} user={role.Name} password={wrongPgPassword}")), "initdb"));
        var closed = ClosedPort();
        CliJson.AssertExit(2, await RunAsync(WriteSettings(folder, "unreachable.json",
            Settings($"Host=127.0.0.1;Port={closed};Username={role.Name};Password={role.Password};Timeout=3")), "initdb"));
        await RunAsync(WriteSettings(folder, "redis.json", new(Settings(forms["keyword"])) { ["mq_type"] = "redis", ["mq_port"] = closed }), "purge-queues");
        await RunAsync(WriteSettings(folder, "amqp.json", new(Settings(forms["keyword"])) { ["mq_type"] = "amqp", ["mq_port"] = closed }), "run");

        // What the engine hands to hosts (the module prints these objects).
        var loaded = SettingsLoader.Load(settings, new Dictionary<string, string?>());
        using (var engine = new HarvestEngine(loaded, registry: BuiltInHarvesters.CreateRegistry(loaded)))
        {
            See("StoreInfo", engine.Initialize().ToString());
            See("settings", loaded.ToString());
            See("RedactedDatabase", loaded.RedactedDatabase);
            foreach (var source in engine.Sources.List()) See("source", source.ToString() + source.RedactedConfig);
            foreach (var entry in engine.Logs.List("debug")) See("log entry", entry.ToString());
        }
        foreach (var (form, text) in forms) See("redacted " + form, PostgresConnectionString.Redact(text));

        var everything = _seen.ToString();
        Assert.Contains("status mail for job", everything); // the failing mail server was tried and logged
        foreach (var secret in secrets)
            Assert.False(everything.Contains(secret, StringComparison.Ordinal),
                $"the secret '{secret}' was printed:\n{string.Join('\n', everything.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal)))}");
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("Host=db;Username=u;Password=s3cr3t;Database=d", "Host=db;Username=u;Password=***;Database=d")]
    [InlineData("Host=db;Password=\"a;b s3cr3t\";Database=d", "Host=db;Password=***;Database=d")]
    [InlineData("postgresql://u:s3cr3t@db:5432/d?sslpassword=s3cr3t", "postgresql://u:***@db:5432/d?sslpassword=***")]
    [InlineData("host=db password=s3cr3t dbname=d", "host=db password=*** dbname=d")]
    [InlineData("host=db password='s3 cr\\'3t' dbname=d", "host=db password=*** dbname=d")]
    [InlineData("mysql://u:s3cr3t@db/d", "mysql://u:***@db/d")]
    [InlineData("/var/lib/harvest/harvest.db", "/var/lib/harvest/harvest.db")]
    public void Every_form_of_connection_string_is_shown_without_its_password(string text, string shown) =>
        Assert.Equal(shown, PostgresConnectionString.Redact(text));

    [Theory]
    [InlineData("host=db.example port=6543 dbname=catalog user=harvest password='p w\\'d' sslmode=verify-full", "db.example", 6543, "catalog", "harvest", "p w'd")]
    [InlineData("host=db.example dbname=catalog user=harvest password=secret", "db.example", 5432, "catalog", "harvest", "secret")]
    public void The_libpq_form_is_read_as_libpq_reads_it(string text, string host, int port, string database, string user, string password)
    {
        var builder = PostgresConnectionString.Parse(text);
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
