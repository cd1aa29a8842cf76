using Harvest.Engine.Settings;

namespace Harvest.Engine.Store;

/// <summary>Opens the store named by the settings' <c>database</c> value.</summary>
public static class StoreFactory
{
    public static IHarvestStore Open(HarvestSettings settings)
    {
        var database = settings.Database;
        if (LooksLikePostgres(database))
            throw new HarvestException(
                "the 'database' setting names a PostgreSQL connection string, but this build supports only the embedded SQLite store: " +
                "set HARVEST_DATABASE to a file path");
        var store = new SqliteHarvestStore(database);
        store.Migrate();
        return store;
    }

    internal static bool LooksLikePostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || database.Contains("Host=", StringComparison.OrdinalIgnoreCase);
}
