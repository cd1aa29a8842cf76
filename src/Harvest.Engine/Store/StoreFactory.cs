using Harvest.Engine.Settings;

namespace Harvest.Engine.Store;

/// <summary>Opens the store named by the settings' <c>database</c> value: a PostgreSQL connection string, else a SQLite file.</summary>
internal static class StoreFactory
{
    public static IHarvestStore Open(HarvestSettings settings)
    {
        RelationalHarvestStore store = DatabaseSetting.Classify(settings.Database) == DatabaseKind.Postgres
            ? new PostgresHarvestStore(settings.Database)
            : new SqliteHarvestStore(settings.Database);
        try
        {
            store.Migrate();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    internal static bool LooksLikePostgres(string database) => DatabaseSetting.LooksLikePostgres(database);
}
