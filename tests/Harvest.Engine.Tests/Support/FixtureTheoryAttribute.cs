namespace Harvest.Engine.Tests.Support;

/// <summary>A theory that needs the shared fixtures: skipped without them, failed under CI=true.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (Fixtures.Folder is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
    }
}
