namespace Harvest.Engine.Logging;

/// <summary>
/// Which part of Harvest wrote a log line. These are the parts ckanext-harvest's <c>ckan.harvest.log_scope</c>
/// selects between: its plugin, its model, its logic actions, its validators and its harvesters.
/// </summary>
public enum LogCategory
{
    /// <summary>The host side: consumers, the scheduler's housekeeping, mail.</summary>
    Plugin,
    /// <summary>The store: migrations, clearing history, retention.</summary>
    Model,
    /// <summary>What users ask for: creating, running, aborting and finishing jobs.</summary>
    Action,
    /// <summary>Checking source settings and records.</summary>
    Validators,
    /// <summary>The gather, fetch and import stages and the harvesters they call.</summary>
    Harvesters,
}

/// <summary>
/// The <c>log_scope</c> setting, numbered as in ckanext-harvest:
/// -1 nothing is written to the database (the default); 0 everything; 1 model, actions, validators and harvesters;
/// 2 model, actions and validators; 3 model and actions; 4 actions; 5 model; 6 plugin; 7 harvesters.
/// </summary>
public static class LogScopes
{
    public const int Off = -1;
    public const int Everything = 0;
    public const int Highest = 7;

    private static readonly LogCategory[][] Scopes =
    [
        [LogCategory.Plugin, LogCategory.Model, LogCategory.Action, LogCategory.Validators, LogCategory.Harvesters],
        [LogCategory.Model, LogCategory.Action, LogCategory.Validators, LogCategory.Harvesters],
        [LogCategory.Model, LogCategory.Action, LogCategory.Validators],
        [LogCategory.Model, LogCategory.Action],
        [LogCategory.Action],
        [LogCategory.Model],
        [LogCategory.Plugin],
        [LogCategory.Harvesters],
    ];

    /// <summary>Whether lines of this category go to the database under this scope.</summary>
    public static bool Includes(int scope, LogCategory category) =>
        scope is >= Everything and <= Highest && Scopes[scope].Contains(category);

    /// <summary>The categories a scope stores (none for -1).</summary>
    public static IReadOnlyList<LogCategory> Categories(int scope) =>
        scope is >= Everything and <= Highest ? Scopes[scope] : [];

    /// <summary>Parses a level name as the log_level setting and --level take it (debug, info, warning, error).</summary>
    public static bool TryParseLevel(string? text, out HarvestLogLevel level)
    {
        level = HarvestLogLevel.Debug;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var name = text.Trim().ToLowerInvariant();
        if (name == "warn") name = "warning";
        return name is "debug" or "info" or "warning" or "error" && Enum.TryParse(name, ignoreCase: true, out level);
    }
}
