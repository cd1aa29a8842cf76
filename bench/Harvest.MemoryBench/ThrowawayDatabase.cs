using Npgsql;

namespace Harvest.MemoryBench;

/// <summary>A PostgreSQL database of one harvest, created on the server of HARVEST_TEST_POSTGRES and dropped after it.</summary>
public sealed class ThrowawayDatabase : IDisposable
{
    private readonly string _admin;
    private readonly string _name;

    public ThrowawayDatabase(string admin, string scenario)
    {
        _admin = admin;
        _name = $"harvest_memory_{scenario.Replace('-', '_')}_{Environment.ProcessId}";
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {_name}";
        command.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        Harvest.Shared.PostgresDrop.Drop(connection, _name, attempts: 40);
    }
}
