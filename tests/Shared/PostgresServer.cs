using Npgsql;

namespace Harvest.Shared;

/// <summary>
/// The PostgreSQL server's version and the settings that decide whether a catalog's tables and indexes stay cached and
/// which plans the planner prefers, for the benches' reports: their results are read against them. Linked into the
/// benches.
/// </summary>
internal static class PostgresServer
{
    public static string Describe(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers')
                    || ', work_mem ' || current_setting('work_mem') || ', maintenance_work_mem ' || current_setting('maintenance_work_mem')
                    || ', effective_cache_size ' || current_setting('effective_cache_size')
                    || ', random_page_cost ' || current_setting('random_page_cost')
                """;
            return (string)command.ExecuteScalar()!;
        }
        catch (NpgsqlException e)
        {
            return $"unknown ({e.Message})";
        }
    }
}
