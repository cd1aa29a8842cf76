namespace Harvest.Engine.Store;

/// <summary>
/// A WHERE clause built from the filters a query actually has, so that no parameter is ever a bare
/// NULL whose type PostgreSQL would have to guess, and indexes see plain equalities.
/// </summary>
internal sealed class SqlConditions
{
    private readonly List<string> _conditions = [];
    private readonly List<(string, object?)> _parameters = [];

    public SqlConditions Add(string condition, params (string Name, object? Value)[] parameters)
    {
        _conditions.Add(condition);
        _parameters.AddRange(parameters);
        return this;
    }

    /// <summary>Adds <c>column = value</c> when the value is given.</summary>
    public SqlConditions Equal(string column, object? value)
    {
        if (value is null) return this;
        var name = $"@w{_parameters.Count}";
        return Add($"{column} = {name}", (name, value));
    }

    public string Where => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);

    public string And => _conditions.Count == 0 ? "" : " AND " + string.Join(" AND ", _conditions);

    public (string, object?)[] Parameters(params (string Name, object? Value)[] more) => [.. _parameters, .. more];
}
