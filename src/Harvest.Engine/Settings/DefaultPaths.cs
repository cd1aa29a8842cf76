namespace Harvest.Engine.Settings;

/// <summary>The per-user folders where the embedded store and the settings file live by default.</summary>
public static class DefaultPaths
{
    public static string DatabaseFile() => Path.Combine(DataFolder(), "harvest.db");

    public static string SettingsFile() => Path.Combine(ConfigFolder(), "settings.json");

    public static string DataFolder()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Harvest");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return string.IsNullOrEmpty(xdg)
            ? Path.Combine(Home(), ".local", "share", "harvest")
            : Path.Combine(xdg, "harvest");
    }

    public static string ConfigFolder()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Harvest");
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        return string.IsNullOrEmpty(xdg)
            ? Path.Combine(Home(), ".config", "harvest")
            : Path.Combine(xdg, "harvest");
    }

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
