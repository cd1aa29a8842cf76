using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harvest.Harvesters.Geo.Tests.Support;

/// <summary>
/// A web-accessible folder on 127.0.0.1: files put at paths, and for every folder an nginx-style autoindex page listing
/// its files and sub-folders by name with their dates. Counts the requests for each path. Folders can be aliased
/// (a symbolic link: every path below the alias serves the target's), listings can carry extra links or no dates.
/// </summary>
public sealed class WafServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTime Modified)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private WafServer(LoopbackServer server) => _server = server;

    public static readonly DateTime FolderDate = new(2026, 5, 13, 9, 0, 0);

    /// <summary>Whether listings print dates (nginx does; a hand-made index page may not).</summary>
    public bool ShowDates { get; set; } = true;

    /// <summary>Whether files carry an ETag (their content's hash) and honour If-None-Match with 304, as most servers do.</summary>
    public bool Validators { get; set; }

    /// <summary>Files answered 304 Not Modified, by path.</summary>
    public IReadOnlyDictionary<string, int> NotModified => _notModified.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notModified = new(StringComparer.Ordinal);

    /// <summary>Files requested with an If-None-Match header, by path.</summary>
    public IReadOnlyDictionary<string, int> ConditionalRequests => _conditional.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _conditional = new(StringComparer.Ordinal);

    public string BaseUrl => _server.BaseUrl;
    public string Url(string path) => _server.BaseUrl + path;

    public static async Task<WafServer> StartAsync()
    {
        WafServer? waf = null;
        var server = await LoopbackServer.StartAsync(context => waf!.HandleAsync(context));
        waf = new WafServer(server);
        return waf;
    }

    public void Put(string path, byte[] content, DateTime modified) => _files[path] = (content, modified);
    public void Put(string path, string content, DateTime modified) => Put(path, Encoding.UTF8.GetBytes(content), modified);

    /// <summary>Every file of a local folder under <paramref name="folder"/>, dated by <paramref name="dates"/> (by file name).</summary>
    public void PutFolder(string folder, string localFolder, Func<string, DateTime> dates)
    {
        foreach (var file in Directory.GetFiles(localFolder))
            Put(folder + Path.GetFileName(file), File.ReadAllBytes(file), dates(Path.GetFileName(file)));
    }

    public void Touch(string path, DateTime modified) => _files[path] = (_files[path].Content, modified);
    public void Remove(string path) => _files.TryRemove(path, out _);

    /// <summary>Serves <paramref name="target"/>'s listing and files under <paramref name="alias"/> too (both end with '/').</summary>
    public void Alias(string alias, string target) => _aliases[alias] = target;

    /// <summary>Adds a raw link to a folder's listing.</summary>
    public void AddLink(string folder, string href) => _links.GetOrAdd(folder, _ => []).Add(href);

    public void Fail(string path, int status) => _failures[path] = status;

    /// <summary>Answers requests for <paramref name="path"/> with a 302 to <paramref name="location"/>.</summary>
    public void Redirect(string path, string location) => _redirects[path] = location;

    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Requests for files (paths not ending with '/'), by path.</summary>
    public IReadOnlyDictionary<string, int> FileRequests =>
        _requests.Where(r => !r.Key.EndsWith('/')).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

    public void ResetCounts()
    {
        _requests.Clear();
        _notModified.Clear();
        _conditional.Clear();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_failures.TryGetValue(path, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }
        if (_redirects.TryGetValue(path, out var location))
        {
            context.Response.Redirect(location);
            return;
        }
        var real = Resolve(path);
        if (real.EndsWith('/') && Listing(real) is { } html)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(html);
            return;
        }
        if (_files.TryGetValue(real, out var file))
        {
            if (Validators)
            {
                var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.Content))[..16]}\"";
                context.Response.Headers.ETag = etag;
                var sent = context.Request.Headers.IfNoneMatch.ToString();
                if (sent.Length > 0) _conditional.AddOrUpdate(path, 1, (_, n) => n + 1);
                if (sent == etag)
                {
                    _notModified.AddOrUpdate(path, 1, (_, n) => n + 1);
                    context.Response.StatusCode = 304;
                    return;
                }
            }
            context.Response.ContentType = "application/xml";
            await context.Response.Body.WriteAsync(file.Content);
            return;
        }
        context.Response.StatusCode = 404;
    }

    private string Resolve(string path)
    {
        foreach (var (alias, target) in _aliases)
            if (path.StartsWith(alias, StringComparison.Ordinal)) return Resolve(target + path[alias.Length..]);
        return path;
    }

    /// <summary>nginx's autoindex: "../", then folders and files by name, each with its date and size.</summary>
    private string? Listing(string folder)
    {
        var files = new SortedDictionary<string, (DateTime Modified, long Size)>(StringComparer.Ordinal);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in _files)
        {
            if (!path.StartsWith(folder, StringComparison.Ordinal)) continue;
            var rest = path[folder.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) files[rest] = (file.Modified, file.Content.Length);
            else folders.Add(rest[..(slash + 1)]);
        }
        foreach (var alias in _aliases.Keys)
            if (alias.StartsWith(folder, StringComparison.Ordinal) && alias.Length > folder.Length && alias[folder.Length..].IndexOf('/') == alias.Length - folder.Length - 1)
                folders.Add(alias[folder.Length..]);
        var links = _links.GetValueOrDefault(folder) ?? [];
        if (files.Count == 0 && folders.Count == 0 && links.Count == 0) return null;

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<html>\r\n<head><title>Index of {folder}</title></head>\r\n<body>\r\n<h1>Index of {folder}</h1><hr><pre><a href=\"../\">../</a>\r\n");
        foreach (var name in folders) Row(name, FolderDate, "-");
        foreach (var (name, (modified, size)) in files) Row(name, modified, size.ToString(CultureInfo.InvariantCulture));
        foreach (var href in links) html.Append(CultureInfo.InvariantCulture, $"<a href=\"{WebUtility.HtmlEncode(href)}\">{WebUtility.HtmlEncode(href)}</a>\r\n");
        html.Append("</pre><hr></body>\r\n</html>\r\n");
        return html.ToString();

        void Row(string name, DateTime modified, string size)
        {
            var escaped = WebUtility.HtmlEncode(name);
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{Uri.EscapeDataString(name.TrimEnd('/'))}{(name.EndsWith('/') ? "/" : "")}\">{escaped}</a>");
            if (ShowDates)
                html.Append(' ', Math.Max(1, 51 - name.Length)).Append(modified.ToString("dd-MMM-yyyy HH:mm", CultureInfo.InvariantCulture)).Append(' ', 5).Append(size);
            html.Append("\r\n");
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
