using Npgsql;

namespace Harvest.Bench;

/// <summary>The bench's own PostgreSQL databases: made fresh for a run, dropped after it when the server lets the role.</summary>
public static class Postgres
{
    /// <summary>Drops and creates a database of that name with the role of the given connection string; returns its connection string.</summary>
    public static string FreshDatabase(string admin, string name)
    {
        if (TryDrop(admin, name) is { } problem) throw new InvalidOperationException($"cannot drop the old database {name}: {problem}");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database (<see cref="Harvest.Shared.PostgresDrop"/>); returns null, or why it is still there.</summary>
    public static string? TryDrop(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            Harvest.Shared.PostgresDrop.Drop(connection, name, attempts: 40);
            return null;
        }
        catch (NpgsqlException e)
        {
            return e.Message;
        }
    }
}
