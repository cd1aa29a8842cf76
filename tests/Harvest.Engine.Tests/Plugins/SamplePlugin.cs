using System.Reflection;

namespace Harvest.Engine.Tests.Plugins;

/// <summary>The sample CSV-catalog plug-in under samples/, as its own build left it (the test project builds it first).</summary>
internal static class SamplePlugin
{
    public static string Folder { get; } = Find();

    public static string Assembly => Path.Combine(Folder, "Harvest.Samples.CsvHarvester.dll");

    /// <summary>The sample catalog that ships with the plug-in: three rows.</summary>
    public static string Catalog => Path.Combine(Folder, "city-trees.csv");

    private static string Find()
    {
        var configuration = typeof(SamplePlugin).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Harvest.slnx")))
                return Path.Combine(dir.FullName, "samples", "Harvest.Samples.CsvHarvester", "bin", configuration, "net10.0");
        throw new InvalidOperationException("the repository root (Harvest.slnx) is not above the test folder");
    }
}
