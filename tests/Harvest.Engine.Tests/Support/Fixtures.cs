namespace Harvest.Engine.Tests.Support;

/// <summary>
/// The real public catalogs in ../shared/fixtures (or $HARVEST_FIXTURES). Tests that need them use
/// <see cref="FixtureFactAttribute"/>: skipped with a reason when the folder is absent, failed under CI=true.
/// </summary>
public static class Fixtures
{
    public static string? Folder { get; } = Find();

    public static string Path(string relative)
    {
        if (Folder is null)
            throw new InvalidOperationException("the shared fixtures folder is missing: expected ../shared/fixtures beside the project or $HARVEST_FIXTURES");
        return System.IO.Path.Combine(Folder, relative);
    }

    public static string DataJson(string file) => Path(System.IO.Path.Combine("datajson", file));

    private static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HARVEST_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment)) return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Harvest.slnx")))
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "fixtures");
                return Directory.Exists(candidate) ? System.IO.Path.GetFullPath(candidate) : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that needs the shared fixtures.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (Fixtures.Folder is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
    }
}
