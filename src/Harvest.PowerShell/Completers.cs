using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Harvest.Engine;
using Harvest.Engine.Settings;
using Harvest.Harvesters;

namespace Harvest.PowerShell;

/// <summary>Completes source names from the store the command would use (its -SettingsPath when given).</summary>
public sealed class SourceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            using var engine = HarvestCmdlet.OpenEngine(SettingsLoader.Load(fakeBoundParameters["SettingsPath"] as string));
            return Completions.Matching(engine.Sources.List(includeInactive: true).Select(s => (s.Name, s.Title ?? s.Name)), wordToComplete);
        }
        catch (HarvestException)
        {
            return [];
        }
    }
}

/// <summary>Completes harvester type names.</summary>
public sealed class SourceTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var registry = BuiltInHarvesters.CreateRegistry(SettingsLoader.Load(fakeBoundParameters["SettingsPath"] as string));
            return Completions.Matching(registry.List().Select(h => (h.Name, h.Title)), wordToComplete);
        }
        catch (HarvestException)
        {
            return [];
        }
    }
}

internal static class Completions
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<(string Value, string Tooltip)> candidates, string word) =>
        candidates
            .Where(c => c.Value.StartsWith(word.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(c.Value, c.Value, CompletionResultType.ParameterValue, c.Tooltip))
            .ToList();
}
