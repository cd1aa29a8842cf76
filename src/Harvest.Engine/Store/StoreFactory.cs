using Harvest.Engine.Settings;

namespace Harvest.Engine.Store;

/// <summary>Opens the store named by the settings' <c>database</c> value: a PostgreSQL connection string, else a SQLite file.</summary>
internal static class StoreFactory
{
    public static IHarvestStore Open(HarvestSettings settings)
    {
        RelationalHarvestStore store = LooksLikePostgres(settings.Database)
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

    internal static bool LooksLikePostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || database.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || database.Contains("Server=", StringComparison.OrdinalIgnoreCase);
}
