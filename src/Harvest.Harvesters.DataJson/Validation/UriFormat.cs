using System.Text.RegularExpressions;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>
/// The JSON Schema <c>uri</c> format: an absolute URI by the grammar of RFC 3986 (scheme ":" hier-part, optional
/// query and fragment), ASCII only, letters in any case. As the schemas' reference validator does, the hier-part may
/// not be empty ("urn:" alone is refused) and an IPv6 host is only checked for its characters.
/// </summary>
internal static class UriFormat
{
    private const string Unreserved = @"a-z0-9\-._~";
    private const string SubDelims = @"!$&'()*+,;=";
    private const string PctEncoded = "%[0-9a-f]{2}";
    private static readonly string PChar = $"(?:[{Unreserved}{SubDelims}:@]|{PctEncoded})";
    private static readonly string Segment = $"{PChar}*";
    private static readonly string SegmentNz = $"{PChar}+";
    private static readonly string UserInfo = $"(?:[{Unreserved}{SubDelims}:]|{PctEncoded})*";
    private static readonly string IpLiteral = @"\[(?:[0-9a-f:.]+|v[0-9a-f]+\.[" + Unreserved + SubDelims + @":]+)\]";
    private static readonly string RegName = $"(?:[{Unreserved}{SubDelims}]|{PctEncoded})*";
    private static readonly string Authority = $"(?:{UserInfo}@)?(?:{IpLiteral}|{RegName})(?::[0-9]*)?";
    private static readonly string HierPart =
        $"(?://{Authority}(?:/{Segment})*|/(?:{SegmentNz}(?:/{Segment})*)?|{SegmentNz}(?:/{Segment})*)";
    private static readonly string QueryOrFragment = $"(?:[{Unreserved}{SubDelims}:@/?]|{PctEncoded})*";

    private static readonly Regex Absolute = new(
        $"^[a-z][a-z0-9+\\-.]*:{HierPart}(?:\\?{QueryOrFragment})?(?:#{QueryOrFragment})?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ECMAScript);

    public static bool IsUri(string text) => Absolute.IsMatch(text);
}
