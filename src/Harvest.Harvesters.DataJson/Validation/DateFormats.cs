using System.Globalization;
using System.Text.RegularExpressions;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>
/// The JSON Schema <c>date</c> and <c>date-time</c> formats of RFC 3339 section 5.6, as the schemas' reference
/// validator (ajv-formats, full mode) checks them: a real calendar day, a time zone required in a date-time, the
/// date and time separated by "T", "t" or a space, a leap second only at 23:59 UTC.
/// </summary>
internal static partial class DateFormats
{
    [GeneratedRegex(@"^(\d\d\d\d)-(\d\d)-(\d\d)$", RegexOptions.ECMAScript)]
    private static partial Regex Date();

    [GeneratedRegex(@"^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$", RegexOptions.ECMAScript | RegexOptions.IgnoreCase)]
    private static partial Regex Time();

    private static readonly int[] Days = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    public static bool IsDate(string text)
    {
        var match = Date().Match(text);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return month is >= 1 and <= 12 && day >= 1 && day <= (month == 2 && leap ? 29 : Days[month]);
    }

    public static bool IsDateTime(string text)
    {
        var parts = text.Split(['T', 't', ' ', '\t', '\n', '\r', '\f', '\v']);
        return parts.Length == 2 && IsDate(parts[0]) && IsTime(parts[1]);
    }

    private static bool IsTime(string text)
    {
        var match = Time().Match(text);
        if (!match.Success || !match.Groups[4].Success) return false;
        var hour = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var second = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var sign = match.Groups[5].Value == "-" ? -1 : 1;
        var zoneHours = match.Groups[6].Success ? int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture) : 0;
        var zoneMinutes = match.Groups[7].Success ? int.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture) : 0;
        if (zoneHours > 23 || zoneMinutes > 59) return false;
        if (hour <= 23 && minute <= 59 && second < 60) return true;
        var utcMinute = minute - zoneMinutes * sign;
        var utcHour = hour - zoneHours * sign - (utcMinute < 0 ? 1 : 0);
        return utcHour is 23 or -1 && utcMinute is 59 or -1 && second < 61;
    }
}
