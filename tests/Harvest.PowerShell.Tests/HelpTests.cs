using Harvest.HelpBuilder;

namespace Harvest.PowerShell.Tests;

/// <summary>Every cmdlet and parameter is documented in docs/help, with at least one example.</summary>
public sealed class HelpTests
{
    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Every_cmdlet_has_complete_help(string name)
    {
        var path = Path.Combine(ModuleFiles.HelpFolder, name + ".md");
        Assert.True(File.Exists(path), $"no help file {path}");
        var help = HelpMarkdown.Parse(File.ReadAllText(path));
        Assert.Empty(HelpChecks.Problems(ModuleFiles.Cmdlet(name), help));
    }

    [Fact]
    public void Help_checks_find_missing_parts()
    {
        var cmdlet = ModuleFiles.Cmdlet("Get-HarvestSource");
        var help = HelpMarkdown.Parse("# Get-HarvestSource\n\n## Synopsis\nGets sources.\n\n## Parameters\n\n### -Bogus\nNot a parameter.\n");
        var problems = HelpChecks.Problems(cmdlet, help).ToList();
        Assert.Contains("no description", problems);
        Assert.Contains("no example", problems);
        Assert.Contains(problems, p => p.Contains("-Name is not described", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-Bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void An_example_marked_not_run_keeps_its_reason_out_of_the_built_help()
    {
        var help = HelpMarkdown.Parse("""
            # Get-HarvestSource

            ## Examples

            ### Register a task
            ```powershell
            Register-ScheduledTask -TaskName x
            ```
            <!-- not run: registers a Windows scheduled task -->
            Registers it.
            """);

        var example = Assert.Single(help.Examples);
        Assert.Equal("registers a Windows scheduled task", example.NotRun);
        Assert.Equal("Registers it.", example.Remarks);
    }
}
