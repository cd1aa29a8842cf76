using System.Net;
using Harvest.Engine;

namespace Harvest.Web.Access;

/// <summary>A server reachable from other machines must have api_tokens: without them it refuses to start.</summary>
public static class BindingCheck
{
    public static void Verify(IReadOnlyList<string> urls, AccessPolicy access)
    {
        if (urls.Count == 0) throw new HarvestException("no address to listen on");
        foreach (var url in urls)
        {
            var host = HostOf(url);
            if (!IsLoopbackHost(host) && !access.HasTokens)
                throw new HarvestException(
                    $"refusing to listen on {url}: it is not a loopback address and no api_tokens are configured (set api_tokens in the settings, or HARVEST_API_TOKENS)");
        }
    }

    internal static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        rest = rest.Split('/')[0];
        if (rest.StartsWith('['))
            return rest[1..rest.IndexOf(']', StringComparison.Ordinal)];
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }

    internal static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
}
