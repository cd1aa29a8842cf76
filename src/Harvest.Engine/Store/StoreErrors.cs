using System.Data.Common;

namespace Harvest.Engine.Store;

/// <summary>Store errors that say nothing about the data: the same work succeeds when tried again.</summary>
internal static class StoreErrors
{
    /// <summary>A deadlock or serialization failure (SQLSTATE 40P01, 40001): PostgreSQL chose this transaction to give way.</summary>
    public static bool IsTransient(Exception e) => e is DbException { SqlState: "40P01" or "40001" };
}
