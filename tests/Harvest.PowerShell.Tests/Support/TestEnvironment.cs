using System.Runtime.CompilerServices;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>
/// Before any test: the per-user folders point into a temporary folder and HARVEST_* settings of the developer's shell are
/// dropped, so that nothing a test runs (a completer, a help example, a cmdlet without -SettingsPath) reaches the user's store.
/// </summary>
internal static class TestEnvironment
{
    public static string Home { get; } = Directory.CreateTempSubdirectory("harvest-tests-home-").FullName;

    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(Home, "data"));
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", Path.Combine(Home, "config"));
        foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (variable.StartsWith("HARVEST_", StringComparison.Ordinal) && !variable.StartsWith("HARVEST_TEST_", StringComparison.Ordinal)
                && variable is not ("HARVEST_FIXTURES" or PesterSuiteTests.SummaryVariable))
                Environment.SetEnvironmentVariable(variable, null);
    }
}

/// <summary>Tests that set process-wide environment variables (HARVEST_CONFIG) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
