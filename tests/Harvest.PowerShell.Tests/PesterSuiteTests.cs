using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Harvest.PowerShell.Tests;

/// <summary>
/// The Pester suite in tests/pester, run by pwsh from the tool manifest against the published module, so that the one test
/// command runs it: this test fails with Pester's failures and reports its counts (and, under CI, writes them where .ci/run
/// adds them to its closing line).
/// </summary>
public sealed partial class PesterSuiteTests(ITestOutputHelper output)
{
    public const string SummaryVariable = "HARVEST_PESTER_SUMMARY";

    [Fact]
    public void The_Pester_suite_passes()
    {
        Assert.True(File.Exists(ModuleFiles.PesterModule), $"Pester 5.7.1 is not restored at {ModuleFiles.PesterModule}");
        var summary = Path.Combine(Directory.CreateTempSubdirectory("harvest-pester-summary-").FullName, "summary.txt");
        var runner = Path.Combine(ModuleFiles.RepositoryRoot, "tests", "pester", "Invoke-HarvestPester.ps1");

        var result = Pwsh.Run(
            ["-NoProfile", "-NonInteractive", "-File", runner, "-ModulePath", PublishedModule.Instance.Manifest,
             "-PesterPath", ModuleFiles.PesterModule, "-SummaryPath", summary],
            TimeSpan.FromMinutes(10));

        var closing = ClosingLine().Match(result.Stdout);
        output.WriteLine(closing.Success ? closing.Value : "(no closing line)");
        if (Environment.GetEnvironmentVariable(SummaryVariable) is { Length: > 0 } ciSummary && File.Exists(summary))
            File.Copy(summary, ciSummary, overwrite: true);
        var failures = string.Join("\n", result.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("[-]", StringComparison.Ordinal)
            || l.StartsWith("   ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("[+]", StringComparison.Ordinal)));
        Assert.True(result.ExitCode == 0 && closing.Success,
            $"Pester: {(closing.Success ? closing.Value : "no closing line")} (exit {result.ExitCode})\n{failures}\n{result.Stderr}");
        Assert.Matches(@"pester: [1-9]\d* passed, 0 failed", closing.Value);
    }

    [GeneratedRegex(@"pester: \d+ passed, \d+ failed, \d+ skipped")]
    private static partial Regex ClosingLine();
}
