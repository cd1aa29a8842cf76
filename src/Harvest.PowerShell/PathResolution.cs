using System.Management.Automation;

namespace Harvest.PowerShell;

internal static class PathResolution
{
    /// <summary>A remote URL as it is; a local path resolved against the pwsh location, not the process's folder.</summary>
    public static string UrlOrProviderPath(PSCmdlet cmdlet, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsFile ? url : cmdlet.GetUnresolvedProviderPathFromPSPath(url);
}
