using System.Data.Common;
using Npgsql;

namespace Harvest.Bench;

/// <summary>
/// How big a store is after a scenario: its bytes (the SQLite file and its WAL on disk; pg_database_size on PostgreSQL)
/// and, on PostgreSQL, each table's bytes with its indexes and TOAST (pg_total_relation_size).
/// </summary>
public sealed record StoreSize(long Bytes, Dictionary<string, long>? Tables)
{
    public static StoreSize Measure(string database) =>
        database.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? Postgres(database) : Sqlite(database);

    /// <summary>SQLite: the bytes on disk (the file and its WAL); per table it cannot say, as the bundled SQLite has no dbstat.</summary>
    private static StoreSize Sqlite(string path) =>
        new(new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length), null);

    private static StoreSize Postgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        var bytes = (long)size.ExecuteScalar()!;
        return new StoreSize(bytes, ReadTables(connection, """
            SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = current_schema()
            """));
    }

    private static Dictionary<string, long> ReadTables(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var tables = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) tables[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return tables.OrderByDescending(t => t.Value).ToDictionary();
    }
}
