using System.Diagnostics;

namespace Harvest.PowerShell.Tests;

/// <summary>The module as `dotnet publish` lays it out, published once into a temporary folder for the layout tests.</summary>
public sealed class PublishedModule : IDisposable
{
    public PublishedModule()
    {
        Folder = Directory.CreateTempSubdirectory("harvest-module-").FullName;
        var project = Path.Combine(ModuleFiles.RepositoryRoot, "src", "Harvest.PowerShell", "Harvest.PowerShell.csproj");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-o", Folder, "-nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }

    public string Folder { get; }

    public string PathOf(string relative) => System.IO.Path.Combine(Folder, relative);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The tests that need the published module share one publish.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedModuleCollection : ICollectionFixture<PublishedModule>
{
    public const string Name = "published module";
}
