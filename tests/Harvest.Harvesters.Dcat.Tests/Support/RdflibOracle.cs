using System.Diagnostics;
using Harvest.Engine.Tests.Support;

namespace Harvest.Harvesters.Dcat.Tests.Support;

/// <summary>
/// Debian's python3-rdflib as the reference parser: oracle/to_ntriples.py prints a file's triples as N-Triples.
/// Tests that need it use <see cref="OracleTheoryAttribute"/>: skipped with a reason when /usr/bin/python3 or
/// rdflib is missing (or the fixtures are), failed under CI=true.
/// </summary>
public static class RdflibOracle
{
    // The pyenv python3 on PATH does not see Debian's packages.
    private const string Python = "/usr/bin/python3";

    public const string DcatUsContextUrl = "https://raw.githubusercontent.com/DOI-DO/dcat-us/main/context/dcat-us-3.0.jsonld";

    public static string? Unavailable { get; } = Probe();

    public static string Script => Path.Combine(AppContext.BaseDirectory, "oracle", "to_ntriples.py");

    /// <summary>The rdflib parser name for a fixture file, by its extension.</summary>
    public static string FormatName(string path) => Path.GetExtension(path) switch
    {
        ".ttl" => "turtle",
        ".rdf" => "xml",
        ".jsonld" or ".json" => "json-ld",
        ".nt" => "nt",
        var other => throw new ArgumentException("no rdflib format for " + other),
    };

    /// <summary>rdflib's triples of the file as N-Triples, or null with the error when rdflib cannot parse it.</summary>
    public static (string? NTriples, string Error) Parse(string path, IReadOnlyDictionary<string, string> contexts)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(FormatName(path));
        foreach (var (url, file) in contexts)
        {
            start.ArgumentList.Add("--context");
            start.ArgumentList.Add(url + "=" + file);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode switch
        {
            0 => (stdout, ""),
            2 => (null, stderr.Result.Trim()),
            var code => throw new InvalidOperationException($"the rdflib oracle failed ({code}): {stderr.Result}"),
        };
    }

    private static string? Probe()
    {
        if (!File.Exists(Python)) return Python + " is absent (apt-get install python3-rdflib)";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import rdflib"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "python3-rdflib is not installed (apt-get install python3-rdflib)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "cannot run " + Python + ": " + e.Message;
        }
    }
}

/// <summary>A theory that needs rdflib and the shared fixtures: skipped without them, failed under CI=true.</summary>
public sealed class OracleTheoryAttribute : TheoryAttribute
{
    public OracleTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return;
        if (RdflibOracle.Unavailable is { } reason) Skip = "rdflib oracle unavailable: " + reason;
        else if (Fixtures.Folder is null) Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
    }
}
