using Npgsql;

namespace Harvest.Shared;

/// <summary>
/// Dropping a throwaway database (a test's, the bench's) without superuser rights. WITH (FORCE) would also try to end an
/// autovacuum worker, which a role that is not a superuser may not signal (42501): so only this role's own sessions are
/// ended, and a drop that meets a session still closing or an autovacuum worker (55006, 42501) waits and tries again.
/// Linked into the test projects and the bench.
/// </summary>
internal static class PostgresDrop
{
    /// <summary>Drops the database over an open admin connection; throws the server's error after <paramref name="attempts"/>.</summary>
    public static void Drop(NpgsqlConnection connection, string name, int attempts)
    {
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
                return;
            }
            catch (PostgresException e) when (e.SqlState is "55006" or PostgresErrorCodes.InsufficientPrivilege && attempt < attempts)
            {
                Thread.Sleep(250);
            }
        }
    }
}
