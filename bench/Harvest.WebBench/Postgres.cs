namespace Harvest.WebBench;

/// <summary>A database of its own on the server HARVEST_BENCH_POSTGRES or HARVEST_TEST_POSTGRES names, dropped afterwards.</summary>
internal static class Postgres
{
    private static string Admin => Environment.GetEnvironmentVariable("HARVEST_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HARVEST_TEST_POSTGRES")
        ?? throw new InvalidOperationException("set HARVEST_BENCH_POSTGRES or HARVEST_TEST_POSTGRES (or use --store sqlite)");

    public static string CreateDatabase(string name)
    {
        Execute($"CREATE DATABASE {name}");
        return new Npgsql.NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(Admin);
        connection.Open();
        Harvest.Shared.PostgresDrop.Drop(connection, new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!, attempts: 40);
    }

    public static void Vacuum(string connectionString) => Execute("VACUUM ANALYZE dataset, dataset_search", connectionString);

    private static void Execute(string sql, string? connectionString = null)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString ?? Admin);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
