namespace Harvest.Harvesters.Iso.Tests.Support;

/// <summary>A theory over the shared fixtures: skipped when the folder is absent, failed under CI=true (like <see cref="FixtureFactAttribute"/>).</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (Fixtures.Folder is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "../shared/fixtures is absent (set HARVEST_FIXTURES to its path to run this test)";
    }
}
