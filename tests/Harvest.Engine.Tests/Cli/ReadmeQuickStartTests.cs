using System.Text.RegularExpressions;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Cli;

/// <summary>The README's quick start and its table of commands, run as documented.</summary>
public sealed partial class ReadmeQuickStartTests
{
    private static readonly string Sample = Path.Combine(RepoRoot.Path, "samples", "city-parks.data.json");

    [Fact]
    public async Task Quick_start_harvests_the_sample_then_reports_it_not_modified_and_lists_three_datasets()
    {
        using var cli = new CliRunner();
        Assert.True(File.Exists(Sample), $"the sample is missing: {Sample}");

        var (first, report) = await cli.RunJsonAsync("harvest", Sample);
        CliJson.AssertExit(0, first);
        CliJson.AssertJobShape(report);
        Assert.Equal("city-parks", CliJson.Text(report, "source"));
        Assert.Equal([3, 0, 0, 0, 0], CliJson.Stats(report));

        var (second, again) = await cli.RunJsonAsync("harvest", Sample);
        CliJson.AssertExit(0, second);
        Assert.Equal([0, 0, 3, 0, 0], CliJson.Stats(again));

        var (listed, datasets) = await cli.RunJsonAsync("datasets");
        CliJson.AssertExit(0, listed);
        var items = CliJson.Items(datasets);
        items.ForEach(CliJson.AssertDatasetShape);
        Assert.Equal(["City Parks", "Playgrounds", "Street Trees"], items.Select(d => CliJson.Text(d, "title")).Order(StringComparer.Ordinal));
        Assert.All(items, d => Assert.Equal("parks-department", CliJson.Text(d, "organization")));

        var (jobsListed, jobs) = await cli.RunJsonAsync("jobs", "--source", "city-parks");
        CliJson.AssertExit(0, jobsListed);
        Assert.Equal(new[] { CliJson.Id(report), CliJson.Id(again) }.Order(), CliJson.Items(jobs).Select(CliJson.Id).Order());
    }

    [Fact]
    public async Task Quick_start_without_json_prints_a_readable_report_and_table()
    {
        using var cli = new CliRunner();

        var harvest = await cli.RunAsync("harvest", Sample);
        var datasets = await cli.RunAsync("datasets");
        var jobs = await cli.RunAsync("jobs", "--source", "city-parks");

        CliJson.AssertExit(0, harvest);
        Assert.Contains("added 3", harvest.Stdout, StringComparison.Ordinal);
        Assert.False(CliJson.IsJsonDocument(harvest.Stdout));
        CliJson.AssertExit(0, datasets);
        foreach (var title in new[] { "City Parks", "Street Trees", "Playgrounds" })
            Assert.Contains(title, datasets.Stdout, StringComparison.Ordinal);
        CliJson.AssertExit(0, jobs);
        Assert.Contains("Finished", jobs.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string> ReadmeCommands()
    {
        var data = new TheoryData<string>();
        foreach (var row in CommandRows()) data.Add(row);
        return data;
    }

    [Fact]
    public void The_readme_documents_every_command_of_the_cli()
    {
        var documented = CommandRows().Select(r => string.Join(' ', CommandWords(r))).ToHashSet();
        string[] expected =
        [
            "initdb", "harvest", "source create", "source show", "source update", "source remove", "source clear", "source delete",
            "source clear-history", "sources", "job", "jobs", "job-abort", "run-test", "gather", "fetch", "import", "job-report", "harvesters-info", "datasets",
            "preview", "run", "gather-consumer", "fetch-consumer", "job-all", "abort-failed-jobs", "purge-queues", "log", "clean-harvest-log",
            "serve", "orphans", "orphan republish", "orphan delete",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    /// <summary>Each row of the README's command table is a command whose help lists every option the row names.</summary>
    [Theory]
    [MemberData(nameof(ReadmeCommands))]
    public async Task Every_readme_command_exists_with_the_options_it_documents(string row)
    {
        using var cli = new CliRunner();
        var words = CommandWords(row);

        var help = await cli.RunAsync([.. words, "--help"]);

        CliJson.AssertExit(0, help);
        Assert.Contains("Usage", help.Stdout, StringComparison.OrdinalIgnoreCase);
        foreach (Match option in OptionPattern().Matches(row))
            Assert.Contains(option.Value, help.Stdout, StringComparison.Ordinal);
        foreach (var common in new[] { "--json", "--settings", "--verbose" })
            Assert.Contains(common, help.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The first cell of each row of the table under "The `harvester` commands", without its backticks.</summary>
    private static List<string> CommandRows()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Path, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## The `harvester` commands", StringComparison.Ordinal));
        Assert.True(start >= 0, "README has no '## The `harvester` commands' section");
        var rows = new List<string>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var match = RowPattern().Match(line);
            if (match.Success) rows.Add(match.Groups[1].Value.Replace("\\|", "|", StringComparison.Ordinal));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>The command words of a row: lower-case words before the first argument, option or bracket.</summary>
    private static string[] CommandWords(string row) =>
        row.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => CommandWordPattern().IsMatch(w)).ToArray();

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex RowPattern();

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex CommandWordPattern();

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex OptionPattern();
}
