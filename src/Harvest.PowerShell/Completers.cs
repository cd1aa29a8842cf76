using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Harvesters;

namespace Harvest.PowerShell;

/// <summary>Completes source names from the store the command would use.</summary>
public sealed class SourceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.FromStore(commandName, fakeBoundParameters, wordToComplete, engine =>
            engine.Sources.List(includeInactive: true).Select(s => (s.Name, $"{s.Title ?? s.Name} ({s.Type}{(s.Active ? "" : ", inactive")})")));
}

/// <summary>Completes source ids, showing each source's name.</summary>
public sealed class SourceIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.FromStore(commandName, fakeBoundParameters, wordToComplete, engine =>
            engine.Sources.List(includeInactive: true).Select(s => (s.SourceId, $"{s.Name} ({s.Type})")));
}

/// <summary>Completes job ids, newest first (of the -Source or -SourceId given, when one is), showing source, status and counts.</summary>
public sealed class JobIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.FromStore(commandName, fakeBoundParameters, wordToComplete, engine =>
        {
            var names = engine.Sources.List(includeInactive: true).ToDictionary(s => s.SourceId, s => s.Name);
            var source = (fakeBoundParameters["SourceId"] ?? fakeBoundParameters["Source"]) as string;
            return engine.Jobs.List(source, limit: 50).Select(j =>
                (j.JobId, $"{names.GetValueOrDefault(j.SourceId, j.SourceId)} {j.Status} {j.Created:u}: {j.Stats}"));
        });
}

/// <summary>Completes dataset names (of the -Source given, when one is).</summary>
public sealed class DatasetNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.FromStore(commandName, fakeBoundParameters, wordToComplete, engine =>
            engine.Datasets((fakeBoundParameters["SourceId"] ?? fakeBoundParameters["Source"]) as string, includeDeleted: true)
                .Select(d => (d.Name, d.Title)));
}

/// <summary>Completes harvester type names.</summary>
public sealed class SourceTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(Completions.Registry(commandName, fakeBoundParameters).List().Select(h => (h.Name, h.Title)), wordToComplete);
}

/// <summary>
/// Completes -Config with the config keys the source's type accepts (from -Type, else the named source's type, else every type's),
/// each as a one-key JSON object to fill in, with the key's description as the tooltip.
/// </summary>
public sealed class ConfigKeyCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var types = Completions.Registry(commandName, fakeBoundParameters).List();
        var type = fakeBoundParameters["Type"] as string;
        if (type is null && (fakeBoundParameters["Name"] ?? fakeBoundParameters["SourceId"]) is { } source)
        {
            var key = source is IList { Count: > 0 } list ? list[0]?.ToString() : source.ToString();
            type = key is null ? null : Completions.TryInStore(commandName, fakeBoundParameters, engine => engine.Sources.Get(key).Type);
        }
        var keys = types.Where(t => type is null || string.Equals(t.Name, type, StringComparison.OrdinalIgnoreCase))
            .SelectMany(t => t.ConfigKeys).DistinctBy(k => k.Key).ToList();
        var word = wordToComplete.Trim('\'', '"').TrimStart('{', ' ').Trim('"');
        return keys
            .Where(k => k.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(k => new CompletionResult($"'{{\"{k.Key}\": {Placeholder(k.Type)}}}'", k.Key, CompletionResultType.ParameterValue,
                $"{k.Type}: {k.Description}"))
            .ToList();
    }

    /// <summary>An empty value of the key's type, as the type's description starts ("object: ...", "list of strings", "boolean").</summary>
    private static string Placeholder(string type) => type.ToLowerInvariant() switch
    {
        var t when t.StartsWith("object", StringComparison.Ordinal) || t.StartsWith("map", StringComparison.Ordinal) => "{}",
        var t when t.StartsWith("list", StringComparison.Ordinal) || t.StartsWith("array", StringComparison.Ordinal) => "[]",
        var t when t.StartsWith("bool", StringComparison.Ordinal) => "true",
        var t when t.StartsWith("int", StringComparison.Ordinal) || t.StartsWith("number", StringComparison.Ordinal) => "0",
        _ => "\"\"",
    };
}

internal static class Completions
{
    private const int Limit = 100;

    public static IEnumerable<CompletionResult> Matching(IEnumerable<(string Value, string Tooltip)> candidates, string word)
    {
        var prefix = word.Trim('\'', '"');
        return candidates
            .Where(c => c.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Take(Limit)
            .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(c.Tooltip) ? c.Value : c.Tooltip))
            .ToList();
    }

    /// <summary>Candidates read from the store the command would use; none when that store cannot be read (a completer never fails).</summary>
    public static IEnumerable<CompletionResult> FromStore(
        string commandName, IDictionary fakeBoundParameters, string word, Func<HarvestEngine, IEnumerable<(string, string)>> candidates) =>
        TryInStore(commandName, fakeBoundParameters, engine => Matching(candidates(engine), word)) ?? [];

    /// <summary>The harvester types the command would know: built in, and the plug-ins of its settings when they load.</summary>
    public static HarvesterRegistry Registry(string commandName, IDictionary fakeBoundParameters)
    {
        try
        {
            return BuiltInHarvesters.CreateRegistry(SettingsLoader.Load(SettingsPathFor(commandName, fakeBoundParameters)));
        }
        catch (HarvestException)
        {
            return BuiltInHarvesters.CreateRegistry(new HarvestSettings());
        }
    }

    public static T? TryInStore<T>(string commandName, IDictionary fakeBoundParameters, Func<HarvestEngine, T> read) where T : class
    {
        try
        {
            var settings = SettingsLoader.Load(SettingsPathFor(commandName, fakeBoundParameters));
            if (!settings.Database.Contains('=', StringComparison.Ordinal) && !settings.Database.Contains("://", StringComparison.Ordinal)
                && !File.Exists(settings.Database))
                return null; // completing never creates a store
            using var engine = new HarvestEngine(settings, registry: BuiltInHarvesters.CreateRegistry(settings));
            return read(engine);
        }
        catch (Exception e) when (e is HarvestException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            return null;
        }
    }

    /// <summary>
    /// The settings file the command would use: its -SettingsPath as typed, else one $PSDefaultParameterValues gives it, resolved
    /// against the current PowerShell location.
    /// </summary>
    private static string? SettingsPathFor(string commandName, IDictionary fakeBoundParameters)
    {
        // A completer runs inside the pipeline that asked for completion: a script block reads that session's state in place
        // (a nested pipeline or the runspace's SessionStateProxy are refused while a pipeline runs, as under Pester).
        // The value in scope where completion runs (a module's, such as Pester's, may shadow it), then the global one a profile sets.
        var path = fakeBoundParameters["SettingsPath"] as string;
        var scopes = path is null ? ScriptBlock.Create("$PSDefaultParameterValues; $global:PSDefaultParameterValues").Invoke() : [];
        foreach (var defaults in scopes.Select(s => s?.BaseObject).OfType<IDictionary>())
        {
            if (path is not null) break;
            foreach (DictionaryEntry entry in defaults)
            {
                // A value set from a cmdlet's output (Join-Path ...) is a string wrapped in a PSObject.
                if (entry.Key is not string key || (entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value) is not string value) continue;
                var colon = key.LastIndexOf(':');
                if (colon <= 0 || !string.Equals(key[(colon + 1)..].Trim(), "SettingsPath", StringComparison.OrdinalIgnoreCase)) continue;
                if (WildcardPattern.Get(key[..colon].Trim(), WildcardOptions.IgnoreCase).IsMatch(commandName)) path = value;
            }
        }
        if (path is null) return null;
        return ScriptBlock.Create("param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)")
            .Invoke(path).FirstOrDefault()?.BaseObject as string ?? path;
    }

    private static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '(' or ')' or '{' or '}' or ';' or ',' or '@' or '#')
            ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
            : value;
}
