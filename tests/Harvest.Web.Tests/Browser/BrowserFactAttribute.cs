namespace Harvest.Web.Tests.Browser;

/// <summary>A test in a real browser (Debian's chromium): skipped with the reason when it is missing, failed under CI=true.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{Chromium} is absent (apt-get install chromium; .ci/run installs it)";
    }
}
