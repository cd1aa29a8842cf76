using System.Data.Common;

namespace Harvest.Engine.Store;

/// <summary>
/// The store over any ADO.NET connection, in SQL that SQLite and PostgreSQL both accept.
/// Subclasses open the connection and may replace the few statements whose dialects differ.
/// </summary>
internal abstract partial class RelationalHarvestStore : IHarvestStore
{
    private readonly SqlCommands _sql;
    private bool _migrated;
    private int _savepoints;

    protected RelationalHarvestStore(DbConnection connection)
    {
        _sql = new SqlCommands(connection);
    }

    internal SqlCommands Sql
    {
        get
        {
            if (!_migrated) Migrate();
            return _sql;
        }
    }

    public int Migrate()
    {
        if (_migrated) return Schema.LatestVersion;
        using (var transaction = _sql.Connection.BeginTransaction())
        {
            _sql.Transaction = transaction;
            try
            {
                // Several processes may start at once: the first migrates, the others wait and then find nothing to do.
                LockForMigration(_sql);
                _sql.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
                var current = _sql.Scalar<int?>("SELECT MAX(version) FROM schema_version") ?? 0;
                if (current > Schema.LatestVersion) throw new HarvestStoreTooNewException(current, Schema.LatestVersion);
                foreach (var (version, sql) in Schema.Migrations.Where(m => m.Version > current))
                {
                    var statements = sql.Replace("{identity}", IdentityColumn, StringComparison.Ordinal)
                        .Replace("{fulltext}", FullTextSchema, StringComparison.Ordinal)
                        .Replace("{compression}", CompressionSchema, StringComparison.Ordinal)
                        .Replace("{searchsync}", SearchSyncSchema, StringComparison.Ordinal);
                    if (!string.IsNullOrWhiteSpace(statements)) _sql.Execute(statements);
                    _sql.Execute("INSERT INTO schema_version (version, applied) VALUES (@v, @t)",
                        ("@v", version), ("@t", Columns.Time(DateTimeOffset.UtcNow)));
                }
                // Words made by an older Harvest (or none, before version 7) are made again, once, whatever the migrations.
                if (current < SearchTextFormatVersion) FillSearchText(_sql);
                transaction.Commit();
            }
            catch (System.Data.Common.DbException e) when (e.SqlState == "42501")
            {
                throw new HarvestException(
                    $"the store's tables cannot be created in database '{_sql.Connection.Database}': {(e as Npgsql.PostgresException)?.MessageText ?? e.Message}. Grant this role CREATE " +
                    "on the schema (GRANT CREATE ON SCHEMA public TO ...), or run initdb once as the database's owner", e);
            }
            finally
            {
                _sql.Transaction = null;
            }
        }
        _migrated = true;
        return Schema.LatestVersion;
    }

    /// <summary>What a claiming SELECT adds so that concurrent consumers skip rows others hold; empty where writers are serialised.</summary>
    internal virtual string SkipLockedClause => "";

    /// <summary>The column type of an auto-numbered primary key.</summary>
    protected abstract string IdentityColumn { get; }

    /// <summary>The full-text index over dataset.search_text (migration 7): its tables, triggers or indexes.</summary>
    protected abstract string FullTextSchema { get; }

    /// <summary>How the full-text index reads dataset.search_text, where that changed after migration 7 (migration 10).</summary>
    protected virtual string SearchSyncSchema => "";

    /// <summary>The schema version since which dataset.search_text holds the words as this store writes them; an older store's are made again.</summary>
    private protected virtual int SearchTextFormatVersion => Schema.SearchTextFieldBreaksVersion;

    /// <summary>How large values are compressed (migration 8); nothing where the database has no choice.</summary>
    protected virtual string CompressionSchema => "";

    /// <summary>Serialises migrations between processes, inside the migration transaction.</summary>
    private protected virtual void LockForMigration(SqlCommands sql) { }

    /// <summary>After many rows were written at once: lets the query planner see the tables' new contents (a no-op where it needs nothing).</summary>
    public virtual void RefreshStatistics() { }

    public IStoreTransaction BeginTransaction()
    {
        var sql = Sql;
        if (sql.Transaction is not null) return new Savepoint(sql.Transaction, $"sp{++_savepoints}");
        sql.Transaction = sql.Connection.BeginTransaction();
        return new OwnedTransaction(sql);
    }

    public void Dispose()
    {
        _sql.Transaction?.Dispose();
        _sql.Connection.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class OwnedTransaction(SqlCommands sql) : IStoreTransaction
    {
        private bool _done;

        public void Commit()
        {
            sql.Transaction!.Commit();
            End();
        }

        public void Dispose()
        {
            if (_done) return;
            sql.Transaction!.Rollback();
            End();
        }

        private void End()
        {
            sql.Transaction!.Dispose();
            sql.Transaction = null;
            _done = true;
        }
    }

    /// <summary>
    /// A transaction begun inside another is a savepoint: rolling it back undoes only its own writes
    /// and leaves the outer transaction usable (PostgreSQL would otherwise refuse every later statement).
    /// </summary>
    private sealed class Savepoint : IStoreTransaction
    {
        private readonly DbTransaction _transaction;
        private readonly string _name;
        private bool _done;

        public Savepoint(DbTransaction transaction, string name)
        {
            _transaction = transaction;
            _name = name;
            transaction.Save(name);
        }

        public void Commit()
        {
            _transaction.Release(_name);
            _done = true;
        }

        public void Dispose()
        {
            if (_done) return;
            _transaction.Rollback(_name);
            _done = true;
        }
    }
}
