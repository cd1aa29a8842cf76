using Npgsql;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// A database of its own on the test PostgreSQL server named by HARVEST_TEST_POSTGRES (a connection string
/// for a role that may create databases; .ci/services sets it up), dropped on dispose.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public const string Variable = "HARVEST_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private PostgresTestDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable);

    /// <summary>Why PostgreSQL tests cannot run here, or null when the server answers.</summary>
    public static string? Unavailable { get; } = Probe();

    public static PostgresTestDatabase Create()
    {
        var admin = AdminConnectionString ?? throw new InvalidOperationException($"{Variable} is not set: run .ci/services to start PostgreSQL");
        var name = "harvest_test_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new PostgresTestDatabase(admin, name);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        Harvest.Shared.PostgresDrop.Drop(connection, _name, attempts: 20);
    }

    private static string? Probe()
    {
        var admin = AdminConnectionString;
        if (string.IsNullOrEmpty(admin)) return $"{Variable} is not set (run .ci/services to start PostgreSQL)";
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Timeout = 5 }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e)
        {
            return $"PostgreSQL at {Variable} does not answer: {e.Message}";
        }
    }
}

/// <summary>A fact that needs the test PostgreSQL server: skipped with the reason when it is absent, failed under CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.Unavailable is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = reason;
    }
}
