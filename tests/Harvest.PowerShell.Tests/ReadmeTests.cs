using System.Text.RegularExpressions;

namespace Harvest.PowerShell.Tests;

/// <summary>
/// The README's PowerShell quick start, and its cron and scheduled-task command lines, run as they stand there (with the
/// module, store and log of the test): the quick start in a hosted session, the command lines by a shell with pwsh from the
/// tool manifest, checking the exit code and the log a person reads.
/// </summary>
public sealed partial class ReadmeTests : IDisposable
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(ModuleFiles.RepositoryRoot, "README.md"));
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void The_three_quick_start_lines_harvest_the_sample_and_show_its_datasets()
    {
        var block = QuickStart().Match(Readme);
        Assert.True(block.Success, "the README has no quick start block after 'Then three lines'");
        var lines = block.Groups[1].Value.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Directory.CreateDirectory(Path.Combine(_session.Folder, "samples"));
        File.Copy(Path.Combine(ModuleFiles.Samples, "city-parks.data.json"), Path.Combine(_session.Folder, "samples", "city-parks.data.json"));

        var result = _session.Run(string.Join("\n", lines).Replace("./out/Harvest/Harvest.psd1", PublishedModule.Instance.Manifest, StringComparison.Ordinal))
            .ThrowIfFailed();

        Assert.Equal("Finished", result.Output[0].Properties["Status"].Value?.ToString());
        Assert.Equal(["city-parks", "playgrounds", "street-trees"], result.Output.Skip(1).Select(o => o.Properties["Name"].Value?.ToString()));
    }

    [Fact]
    public void The_cron_line_logs_a_readable_table_and_exits_0_then_1_when_a_source_ends_with_errored_records()
    {
        var cron = CronLine().Match(Readme);
        Assert.True(cron.Success, "the README has no cron line for Invoke-Harvest");
        var log = Path.Combine(_session.Folder, "harvest.log");
        var command = cron.Groups[1].Value.Replace("/opt/harvest/Harvest/Harvest.psd1", PublishedModule.Instance.Manifest, StringComparison.Ordinal)
            .Replace("/var/log/harvest.log", log, StringComparison.Ordinal);
        _session.Run("New-HarvestSource -Name city-parks-and-gardens -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null").ThrowIfFailed();

        var good = Shell(command);

        Assert.True(good.ExitCode == 0, $"exit {good.ExitCode}\n{File.ReadAllText(log)}");
        var text = File.ReadAllText(log);
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("Source         Status   Added Updated Unchanged Deleted Errored", text);
        Assert.Matches(@"city-parks-an…\s+Finished\s+3\s+0\s+0\s+0\s+0", text);
        Assert.All(text.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, $"{l.Length} columns: {l}"));

        File.WriteAllText(Path.Combine(_session.Folder, "bad.data.json"), Catalogs.DataJson("bad", 30, invalid: 20));
        _session.Run("New-HarvestSource -Name bad -Url ./bad.data.json -Type datajson | Out-Null").ThrowIfFailed();
        File.Delete(log);

        var failing = Shell(command);

        text = File.ReadAllText(log);
        Assert.True(failing.ExitCode == 1, $"exit {failing.ExitCode}\n{text}");
        Assert.DoesNotContain('\u001b', text);
        Assert.Matches(@"bad\s+Finished\s+10\s+0\s+0\s+0\s+20", text);
        Assert.Contains("the harvest of 'bad' ended with 20 errored records", text);
        Assert.Equal(11, text.Split('\n').Count(l => l.StartsWith("WARNING:", StringComparison.Ordinal)));
        Assert.Contains("WARNING: 10 more warnings were not shown here", text);
    }

    [Fact]
    public void The_scheduled_task_command_line_harvests_every_source()
    {
        var task = ScheduledTaskArgument().Match(Readme);
        Assert.True(task.Success, "the README has no New-ScheduledTaskAction for pwsh");
        var arguments = task.Groups[1].Value.Replace(@"C:\Harvest\Harvest.psd1", PublishedModule.Instance.Manifest, StringComparison.Ordinal);
        _session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null").ThrowIfFailed();

        var run = Shell("pwsh " + arguments);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Matches(@"parks\s+Finished\s+3\s+0\s+0\s+0\s+0", run.Stdout);
        Assert.Equal("3", _session.Run("(Get-HarvestSource parks).DatasetCount").Output.Single().ToString());
    }

    /// <summary>Runs a command line with sh, as cron does, with pwsh from the tool manifest on the PATH and the session's store.</summary>
    private Processes.Result Shell(string command)
    {
        var bin = Path.Combine(_session.Folder, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "pwsh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{PwshHome.Value}/pwsh.dll' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Processes.Run("sh", ["-c", command], TimeSpan.FromMinutes(2), _session.Folder, new Dictionary<string, string?>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["HARVEST_CONFIG"] = _session.SettingsPath,
            ["TERM"] = null,
        });
    }

    private static readonly Lazy<string> PwshHome = new(() =>
    {
        var result = Pwsh.Run(["-NoProfile", "-NonInteractive", "-Command", "$PSHOME"], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    });

    [GeneratedRegex(@"Then three lines[^\n]*\n\n```powershell\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStart();

    [GeneratedRegex(@"(?m)^0 2 \* \* \* (.*Invoke-Harvest.*)$")]
    private static partial Regex CronLine();

    [GeneratedRegex(@"New-ScheduledTaskAction -Execute 'pwsh\.exe' -Argument '([^']*)'")]
    private static partial Regex ScheduledTaskArgument();
}
