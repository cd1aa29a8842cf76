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

    /// <summary>
    /// Drops the database; returns null, or why it is still there. WITH (FORCE) would also try to end an autovacuum worker,
    /// which a role that is not a superuser may not signal (42501); so only this role's own sessions are ended, and a drop
    /// that meets a session still closing or an autovacuum worker (55006, 42501) waits and tries again.
    /// </summary>
    public static string? TryDrop(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using (var terminate = new NpgsqlCommand(
                       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND usename = current_user AND pid <> pg_backend_pid()",
                       connection))
            {
                terminate.Parameters.AddWithValue("db", name);
                terminate.ExecuteNonQuery();
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection);
                    command.ExecuteNonQuery();
                    return null;
                }
                catch (PostgresException e) when (e.SqlState is "55006" or PostgresErrorCodes.InsufficientPrivilege && attempt < 40)
                {
                    Thread.Sleep(250);
                }
            }
        }
        catch (NpgsqlException e)
        {
            return e.Message;
        }
    }
}
