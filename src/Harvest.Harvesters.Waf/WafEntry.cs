namespace Harvest.Harvesters.Waf;

/// <summary>
/// One entry of a directory listing: an <c>.xml</c> record or a sub-folder inside the listed folder.
/// </summary>
/// <param name="Url">Absolute URL (a folder's ends with <c>/</c>).</param>
/// <param name="LastModified">The time the server printed, as a naive local time (<see cref="DateTimeKind.Unspecified"/>); null when the listing shows none that could be read.</param>
/// <param name="IsFolder">Whether the entry is a sub-folder.</param>
public sealed record WafEntry(Uri Url, DateTime? LastModified, bool IsFolder);
