using System.Diagnostics;
using System.Text.Json;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>
/// tests/schema-check: ajv 8 over the official DCAT-US 1.1 and 3.0 schemas, run through node. `.ci/run` installs it
/// (npm ci); tests that need it skip with a reason when node or its node_modules are missing, and fail under CI=true.
/// </summary>
public static class SchemaCheck
{
    public static string? Folder { get; } = Find();

    public static string? Node { get; } = FindNode();

    /// <summary>Why the check cannot run here, or null when it can.</summary>
    public static string? Missing =>
        Node is null ? "node is not on PATH"
        : Folder is null ? "tests/schema-check was not found"
        : !Directory.Exists(Path.Combine(Folder, "node_modules", "ajv")) ? "tests/schema-check/node_modules is missing: run `npm ci` in tests/schema-check (.ci/run does)"
        : null;

    public sealed record Result(int Index, string? Identifier, bool Valid, IReadOnlyList<string> Errors);

    /// <summary>ajv's verdict on every record of a catalog, in order.</summary>
    public static async Task<IReadOnlyList<Result>> RunAsync(string profile, string catalogPath)
    {
        if (Missing is { } reason) throw new InvalidOperationException("the ajv schema check cannot run: " + reason);
        var start = new ProcessStartInfo(Node!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder!,
        };
        foreach (var arg in new[] { Path.Combine(Folder!, "check.js"), Fixtures.Path(Path.Combine("schemas", "dcat-us-1.1")), profile, catalogPath })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"node check.js exited {process.ExitCode}: {await stderr}");
        using var document = JsonDocument.Parse(await stdout);
        return document.RootElement.EnumerateArray().Select(r => new Result(
            r.GetProperty("index").GetInt32(),
            r.GetProperty("identifier").ValueKind == JsonValueKind.String ? r.GetProperty("identifier").GetString() : null,
            r.GetProperty("valid").GetBoolean(),
            r.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList())).ToList();
    }

    public sealed record Verdict(string File, int? Index, string Result, IReadOnlyList<string> Errors);

    /// <summary>
    /// ajv's verdict (valid, invalid, parse-error) on DCAT-US 3.0 documents: each file against the class <paramref name="mode"/>
    /// (dataset, catalog, ...), or with <c>datasets-of</c> each dataset of each catalog file.
    /// </summary>
    public static async Task<IReadOnlyList<Verdict>> RunDcatUs30Async(string mode, IEnumerable<string> files)
    {
        if (Missing is { } reason) throw new InvalidOperationException("the ajv schema check cannot run: " + reason);
        var start = new ProcessStartInfo(Node!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder!,
        };
        foreach (var arg in new[] { Path.Combine(Folder!, "check-3.0.js"), Fixtures.Path(Path.Combine("schemas", "dcat-us-3.0", "definitions")), mode }.Concat(files))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"node check-3.0.js exited {process.ExitCode}: {await stderr}");
        using var document = JsonDocument.Parse(await stdout);
        return document.RootElement.EnumerateArray().Select(r => new Verdict(
            r.GetProperty("file").GetString()!,
            r.TryGetProperty("index", out var index) ? index.GetInt32() : null,
            r.GetProperty("result").GetString()!,
            r.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList())).ToList();
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harvest.slnx")))
            {
                var folder = Path.Combine(dir.FullName, "tests", "schema-check");
                return File.Exists(Path.Combine(folder, "check.js")) ? folder : null;
            }
        return null;
    }

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"])
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}

/// <summary>A theory that needs the shared fixtures and the ajv schema check: skipped when absent, failed under CI=true.</summary>
public sealed class SchemaCheckTheoryAttribute : TheoryAttribute
{
    public SchemaCheckTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return;
        if (Fixtures.Folder is null) Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
        else if (SchemaCheck.Missing is { } reason) Skip = "the ajv cross-check cannot run: " + reason;
    }
}

/// <summary>A fact that needs the shared fixtures and the ajv schema check: skipped when absent, failed under CI=true.</summary>
public sealed class SchemaCheckFactAttribute : FactAttribute
{
    public SchemaCheckFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return;
        if (Fixtures.Folder is null) Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
        else if (SchemaCheck.Missing is { } reason) Skip = "the ajv cross-check cannot run: " + reason;
    }
}
