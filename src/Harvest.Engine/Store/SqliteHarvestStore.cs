using Microsoft.Data.Sqlite;

namespace Harvest.Engine.Store;

/// <summary>The embedded store: one SQLite file, created with its folder on first use.</summary>
internal sealed partial class SqliteHarvestStore : RelationalHarvestStore
{
    public SqliteHarvestStore(string path) : base(Open(path))
    {
        Path = path;
    }

    public string Path { get; }

    protected override string IdentityColumn => "INTEGER PRIMARY KEY";

    protected override string FullTextSchema => Schema.SqliteFullText;

    private static SqliteConnection Open(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            // WAL lets readers (the CLI, a second pwsh) look while a harvest writes; busy_timeout makes writers wait, not fail.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
            pragma.ExecuteNonQuery();
            // SQLite's own LOWER folds ASCII only, so a search for "ÉCOLE" would miss "école" (PostgreSQL's finds it):
            // this connection's LOWER folds every letter, as .NET does.
            connection.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new HarvestException($"cannot open the SQLite store '{path}': {e.Message}", e);
        }
        return connection;
    }
}
