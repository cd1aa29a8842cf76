using System.Globalization;
using System.Text.RegularExpressions;

namespace Harvest.Harvesters.Waf;

/// <summary>
/// The last-modified times directory listings print, as the naive local times the server printed:
/// Apache <c>2026-07-12 02:23</c>, nginx and older Apache <c>02-Oct-2025 11:47</c>, IIS <c>6/17/2021 12:20 PM</c>
/// (month first) and <c>Friday, July 31, 2026  4:53 PM</c>. Seconds are kept when printed.
/// </summary>
internal static partial class ListingDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTime? Find(string text)
    {
        DateTime? found = null;
        if (IisLong().Match(text) is { Success: true } iisLong)
            found = Make(iisLong.Groups["y"], Month(iisLong.Groups["mon"].Value), iisLong.Groups["d"], iisLong);
        if (found is null && Iso().Match(text) is { Success: true } iso)
            found = Make(iso.Groups["y"], int.Parse(iso.Groups["m"].Value, CultureInfo.InvariantCulture), iso.Groups["d"], iso);
        if (found is null && DayMonthYear().Match(text) is { Success: true } dmy)
            found = Make(dmy.Groups["y"], Month(dmy.Groups["mon"].Value), dmy.Groups["d"], dmy);
        if (found is null && IisShort().Match(text) is { Success: true } iisShort)
            found = Make(iisShort.Groups["y"], int.Parse(iisShort.Groups["m"].Value, CultureInfo.InvariantCulture), iisShort.Groups["d"], iisShort);
        return found;
    }

    private static int Month(string name) =>
        name.Length >= 3 ? Array.IndexOf(Months, name[..3].ToLowerInvariant()) + 1 : 0;

    private static DateTime? Make(Group year, int month, Group day, Match match)
    {
        var hour = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups["min"].Success ? int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12) return null;
            var pm = match.Groups["ampm"].Value.Equals("PM", StringComparison.OrdinalIgnoreCase);
            hour = hour % 12 + (pm ? 12 : 0);
        }
        var y = int.Parse(year.Value, CultureInfo.InvariantCulture);
        var d = int.Parse(day.Value, CultureInfo.InvariantCulture);
        if (y < 1 || month is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, month) || hour > 23 || minute > 59 || second > 59) return null;
        return new DateTime(y, month, d, hour, minute, second, DateTimeKind.Unspecified);
    }

    private const string Time = @"(?:\s+(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?)?";
    private const string TwelveHourTime = @"(?:\s+(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?(?:\s*(?<ampm>[AaPp][Mm])\b)?)?";

    [GeneratedRegex(@"\b(?:[A-Za-z]+,\s+)?(?<mon>[A-Za-z]{3,9})\s+(?<d>\d{1,2}),\s+(?<y>\d{4})" + TwelveHourTime)]
    private static partial Regex IisLong();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[ T](?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?)?")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b(?<d>\d{1,2})-(?<mon>[A-Za-z]{3})-(?<y>\d{4})" + Time)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4})" + TwelveHourTime)]
    private static partial Regex IisShort();
}
