using Npgsql;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// A login role of its own on the test PostgreSQL server, with a password no other output could contain by chance,
/// dropped on dispose. The role in HARVEST_TEST_POSTGRES needs CREATEROLE (.ci/services grants it).
/// </summary>
public sealed class PostgresTestRole : IDisposable
{
    private PostgresTestRole(string name, string password)
    {
        Name = name;
        Password = password;
    }

    public string Name { get; }
    public string Password { get; }

    /// <summary>Creates the role. Make it before the databases it uses, so that they are dropped before it is.</summary>
    public static PostgresTestRole Create()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var role = new PostgresTestRole("harvest_role_" + suffix, "Pg-Pass-" + suffix);
        try
        {
            Execute(PostgresTestDatabase.AdminConnectionString!, $"CREATE ROLE {role.Name} LOGIN PASSWORD '{role.Password}'");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException($"the role of {PostgresTestDatabase.Variable} may not create roles: run .ci/services (it grants CREATEROLE)", e);
        }
        return role;
    }

    /// <summary>Lets the role create tables in the database's schema public (PostgreSQL 15 lets only the owner by default).</summary>
    public void MayCreateIn(PostgresTestDatabase database) =>
        Execute(database.ConnectionString, $"GRANT CREATE ON SCHEMA public TO {Name}");

    /// <summary>A connection string for this role on a database, in Npgsql's keyword form.</summary>
    public string ConnectionString(PostgresTestDatabase database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = Name, Password = Password, Pooling = false }.ConnectionString;

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try { Execute(PostgresTestDatabase.AdminConnectionString!, $"DROP ROLE IF EXISTS {Name}"); }
        catch (PostgresException) { /* it still owns something in a database not dropped yet; the name is never reused */ }
    }
}
