using System.Data.Common;
using System.Globalization;

namespace Harvest.Engine.Store;

/// <summary>Parameterised command helpers over one open connection and its current transaction.</summary>
internal sealed class SqlCommands(DbConnection connection)
{
    public DbConnection Connection { get; } = connection;
    public DbTransaction? Transaction { get; set; }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(sql, parameters);
        var value = command.ExecuteScalar();
        if (value is null or DBNull) return default;
        return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(sql, parameters);
        using var reader = command.ExecuteReader();
        var results = new List<T>();
        while (reader.Read()) results.Add(map(reader));
        return results;
    }

    public T? Single<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) where T : class
        => Query(sql, map, parameters).FirstOrDefault();

    private DbCommand Create(string sql, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>Conversions between model values and the text/integer columns both stores use.</summary>
internal static class Columns
{
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    public static object? Time(DateTimeOffset? value) => value is null ? null : Time(value.Value);

    public static DateTimeOffset ReadTime(DbDataReader reader, string column) =>
        DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal(column)), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ReadOptionalTime(DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : ReadTime(reader, column);
    }

    public static string? ReadString(DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static int ReadInt(DbDataReader reader, string column) => Convert.ToInt32(reader.GetValue(reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public static bool ReadBool(DbDataReader reader, string column) => ReadInt(reader, column) != 0;

    public static TEnum ReadEnum<TEnum>(DbDataReader reader, string column) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(reader.GetOrdinal(column)));

    public static bool HasColumn(DbDataReader reader, string column)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (reader.GetName(i) == column) return true;
        return false;
    }
}
