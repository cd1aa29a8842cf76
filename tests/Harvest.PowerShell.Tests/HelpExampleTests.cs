using System.Management.Automation;
using System.Text.RegularExpressions;
using Harvest.HelpBuilder;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Harvest.PowerShell.Tests;

/// <summary>
/// Every example of the built help runs: its code, as Get-Help shows it, runs in a session over a prepared store (the sample
/// catalog harvested as city-parks and demo, health sources, a disabled legacy source...) with the remote URLs it names served by
/// an in-test server. An example that cannot run here says why in its markdown (<c>&lt;!-- not run: REASON --&gt;</c>).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed partial class HelpExampleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExampleLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_help_example_runs_or_says_why_not()
    {
        await using var server = await LoopbackServer.StartAsync(ServeCatalogAsync);
        using var template = PrepareStore(server.BaseUrl);
        var examples = Examples(template);
        var ran = 0;
        var notRun = new List<string>();
        var failures = new List<string>();
        foreach (var (cmdlet, index, title, code, reason) in examples)
        {
            var name = $"{cmdlet} example {index} ({title})";
            if (reason is not null)
            {
                notRun.Add($"{name}: {reason}");
                continue;
            }
            var failure = Run(template, server.BaseUrl, code);
            if (Environment.GetEnvironmentVariable("HELP_EXAMPLES_LOG") is { Length: > 0 } log)
                File.AppendAllText(log, $"{name}: {failure ?? "ran"}\n");
            if (failure is null) ran++;
            else failures.Add($"{name}:\n{code}\n--> {failure}");
        }

        output.WriteLine($"help examples: {ran} ran, {notRun.Count} not run, {failures.Count} failed, of {examples.Count}");
        foreach (var line in notRun) output.WriteLine("not run: " + line);
        Assert.True(failures.Count == 0, $"{failures.Count} of {examples.Count} help examples failed ({ran} ran):\n\n{string.Join("\n\n", failures)}");
        Assert.True(ran >= examples.Count * 9 / 10, $"only {ran} of {examples.Count} examples ran");
    }

    /// <summary>Each cmdlet's examples as the built help gives them, with the not-run reasons of the markdown.</summary>
    private static List<(string Cmdlet, int Index, string Title, string Code, string? NotRun)> Examples(PwshSession session)
    {
        var list = new List<(string, int, string, string, string?)>();
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            var markdown = HelpMarkdown.Parse(File.ReadAllText(Path.Combine(ModuleFiles.HelpFolder, cmdlet.Name + ".md")));
            var built = session.Run($"(Get-Help {cmdlet.Name} -Examples).examples.example | ForEach-Object {{ $_.code -join [Environment]::NewLine }}")
                .ThrowIfFailed().Output.Select(o => o.ToString()).ToList();
            Assert.Equal(markdown.Examples.Count, built.Count);
            for (var i = 0; i < built.Count; i++)
            {
                Assert.Equal(markdown.Examples[i].Code.ReplaceLineEndings(), built[i].ReplaceLineEndings());
                list.Add((cmdlet.Name, i + 1, markdown.Examples[i].Title, built[i], markdown.Examples[i].NotRun));
            }
        }
        return list;
    }

    /// <summary>Runs one example in a session of its own over a copy of the prepared store; null when it ran without errors.</summary>
    private static string? Run(PwshSession template, string baseUrl, string code)
    {
        var saved = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("HARVEST_", StringComparison.Ordinal))
            .ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var host = new TestHost { Answer = "&Yes" };
        using var session = new PwshSession(host: host);
        var consumers = new List<(PwshSession Session, RunningScript Script)>();
        try
        {
            CopyStore(template, session);
            // `pwsh` in an example is pwsh from the tool manifest (dotnet pwsh, run where the manifest is).
            session.SetVariable("repository", ModuleFiles.RepositoryRoot);
            session.Run("function pwsh { Push-Location $repository; try { dotnet pwsh @args } finally { Pop-Location } }").ThrowIfFailed();
            var script = Mapped(code, baseUrl, session);
            foreach (Match created in CreatedSource().Matches(script))
                session.Run($"Remove-HarvestSource -Name {created.Groups[1].Value} -Confirm:$false -ErrorAction SilentlyContinue");
            if (script.Contains("Wait-HarvestJob", StringComparison.Ordinal) || script.Contains("-Queue", StringComparison.Ordinal))
                foreach (var consumer in new[] { "Start-HarvestGatherConsumer", "Start-HarvestFetchConsumer" })
                {
                    var side = new PwshSession();
                    side.SetVariable("shared", session.SettingsPath);
                    consumers.Add((side, side.Start($"{consumer} -SettingsPath $shared -TimeoutSec 120")));
                }
            PwshResult result;
            if (ConsumerUntilStopped().IsMatch(script))
            {
                // Runs until Ctrl+C (a consumer, the server): it ran if it was still running, unharmed, two seconds later and stopped when asked.
                using var running = session.Start(script);
                Thread.Sleep(TimeSpan.FromSeconds(2));
                if (running.IsCompleted) return "ended by itself: " + running.Wait(TimeSpan.FromSeconds(1)).Describe();
                running.Stop();
                result = running.Wait(TimeSpan.FromSeconds(30));
                if (result.Terminating is PipelineStoppedException) result = result with { Terminating = null };
            }
            else
            {
                using var running = session.Start(script);
                if (!((IAsyncResult)Task.Run(() => { while (!running.IsCompleted) Thread.Sleep(50); })).AsyncWaitHandle.WaitOne(ExampleLimit))
                {
                    running.Stop();
                    return $"did not end within {ExampleLimit.TotalSeconds:0} s";
                }
                result = running.Wait(TimeSpan.FromSeconds(5));
            }
            return result.Terminating is null && result.Errors.Count == 0 ? null : result.Describe();
        }
        finally
        {
            foreach (var (side, running) in consumers)
            {
                running.Stop();
                running.Dispose();
                side.Dispose();
            }
            foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("HARVEST_", StringComparison.Ordinal)))
                if (!saved.ContainsKey(variable)) Environment.SetEnvironmentVariable(variable, null);
            foreach (var (variable, value) in saved) Environment.SetEnvironmentVariable(variable, value);
        }
    }

    /// <summary>The example's remote URLs mapped to the in-test server, and the paths of a production install to the session's.</summary>
    private static string Mapped(string code, string baseUrl, PwshSession session)
    {
        var map = new Dictionary<string, string>
        {
            ["https://healthdata.gov/data.json"] = baseUrl + "/healthdata/data.json",
            ["https://data.example.gov/data.json"] = baseUrl + "/example/data.json",
            ["https://example.gov/data.json"] = baseUrl + "/elections/data.json",
            ["/opt/harvest/Harvest/Harvest.psd1"] = PublishedModule.Instance.Manifest,
            ["/etc/harvest/settings.json"] = session.SettingsPath,
            ["/var/lib/harvest/harvest.db"] = session.DatabasePath,
        };
        foreach (var (from, to) in map) code = code.Replace(from, to, StringComparison.Ordinal);
        // A consumer told to run for minutes runs for two seconds here.
        return ConsumerTimeout().Replace(code, "$1 -TimeoutSec 2");
    }

    private static PwshSession PrepareStore(string baseUrl)
    {
        var session = new PwshSession();
        CopyDirectory(ModuleFiles.Samples, Path.Combine(session.Folder, "samples"));
        CopyDirectory(ModuleFiles.Samples, Path.Combine(session.Folder, "catalogs"));
        File.WriteAllText(Path.Combine(session.Folder, "catalogs", "test.data.json"), Catalogs.DataJson("test", 2));
        File.WriteAllText(Path.Combine(session.Folder, "catalogs", "legacy.data.json"), Catalogs.DataJson("legacy", 2));
        session.SetVariable("base", baseUrl);
        session.Run("""
            New-HarvestSource -Name city-parks -Url ./catalogs/city-parks.data.json -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name demo -Url ./samples/city-parks.data.json -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name healthdata -Url "$base/healthdata/data.json" -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name health-clinics -Url "$base/health/clinics.json" -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name health-labs -Url "$base/health/labs.json" -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name test-one -Url ./catalogs/test.data.json -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name legacy-one -Url ./catalogs/legacy.data.json -Type datajson | Invoke-Harvest | Out-Null
            Disable-HarvestSource -Name legacy-one
            Set-Content ./catalogs/trees.data.json '{"dataset": [{"identifier": "t1", "title": "Street Trees"}, {"identifier": "t2", "title": "Tree Felling"}]}'
            New-HarvestSource -Name trees -Url ./catalogs/trees.data.json -Type datajson | Invoke-Harvest | Out-Null
            Set-Content ./catalogs/trees.data.json '{"dataset": [{"identifier": "t1", "title": "Street Trees"}]}'
            Invoke-Harvest -Name trees | Out-Null
            """).ThrowIfFailed();
        return session;
    }

    private static void CopyStore(PwshSession template, PwshSession session)
    {
        foreach (var file in Directory.GetFiles(template.Folder, "harvest.db*"))
            File.Copy(file, Path.Combine(session.Folder, Path.GetFileName(file)), overwrite: true);
        CopyDirectory(Path.Combine(template.Folder, "samples"), Path.Combine(session.Folder, "samples"));
        File.WriteAllText(Path.Combine(session.Folder, "agency.data.json"), Catalogs.DataJson("agency", 3));
        // The template's sources name its own files (absolute paths), which stay in place for the run.
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    private static Task ServeCatalogAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        context.Response.ContentType = "application/json";
        var body = path switch
        {
            "/healthdata/data.json" => Catalogs.DataJson("healthdata", 5),
            "/health/clinics.json" => Catalogs.DataJson("clinics", 3),
            "/health/labs.json" => Catalogs.DataJson("labs", 3),
            "/example/data.json" => Catalogs.DataJson("example", 3),
            "/elections/data.json" => DataJsonBuilder.Catalog(
                DataJsonBuilder.Record("e1", "Election results", null, "election"),
                DataJsonBuilder.Record("e2", "Election polling places", null, "election", "politics"),
                DataJsonBuilder.Record("e3", "Road works", null, "roads")),
            _ => null,
        };
        if (body is null) context.Response.StatusCode = 404;
        return context.Response.WriteAsync(body ?? "{}");
    }

    [GeneratedRegex(@"New-HarvestSource\s+(?:-Name\s+)?'?([a-z0-9][a-z0-9_-]+)")]
    private static partial Regex CreatedSource();

    [GeneratedRegex(@"Start-Harvest(?:(?:Gather|Fetch)Consumer(?![^\n]*-TimeoutSec)|Server)")]
    private static partial Regex ConsumerUntilStopped();

    [GeneratedRegex(@"(Start-Harvest(?:Gather|Fetch)Consumer[^\n]*) -TimeoutSec \d+")]
    private static partial Regex ConsumerTimeout();
}
