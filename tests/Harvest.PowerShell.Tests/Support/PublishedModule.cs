using System.Diagnostics;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>
/// The module as `dotnet publish` lays it out, published once per test run into a temporary folder (in the tests' own
/// configuration, so the build just done is reused): the hosted pipelines import it, as pwsh would, and the layout tests read it.
/// </summary>
public sealed class PublishedModule
{
    private static readonly Lazy<PublishedModule> Lazy = new(() => new PublishedModule(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static PublishedModule Instance => Lazy.Value;

    private PublishedModule()
    {
        Folder = Path.Combine(Directory.CreateTempSubdirectory("harvest-module-").FullName, "Harvest");
        var project = Path.Combine(ModuleFiles.RepositoryRoot, "src", "Harvest.PowerShell", "Harvest.PowerShell.csproj");
        var result = Processes.Run("dotnet", ["publish", project, "-c", ModuleFiles.Configuration, "-o", Folder, "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
    }

    /// <summary>The module folder (named Harvest, as Import-Module by name expects).</summary>
    public string Folder { get; }

    public string Manifest => PathOf("Harvest.psd1");

    public string PathOf(string relative) => Path.Combine(Folder, relative);
}

/// <summary>Runs a process to its end, with a time limit, and captures what it printed.</summary>
public static class Processes
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    public static Result Run(string file, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? ModuleFiles.RepositoryRoot,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not end within {limit}:\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
