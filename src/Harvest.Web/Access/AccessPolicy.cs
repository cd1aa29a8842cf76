using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harvest.Web.Access;

/// <summary>
/// Who may do what. The published catalog (CKAN read API, data.json) is open to everyone. The dashboard and the harvest
/// API are open to read from loopback; from elsewhere they need a token. Every change needs a token from the
/// <c>api_tokens</c> setting, given as <c>Authorization: Bearer TOKEN</c> (or CKAN's bare <c>Authorization: TOKEN</c>
/// and <c>X-CKAN-API-Key</c>), or the session cookie a dashboard login sets; with no tokens configured every change is
/// refused. Tokens are compared in constant time and never written anywhere.
/// </summary>
public sealed class AccessPolicy
{
    public const string SessionCookie = "harvest_session";

    private readonly byte[][] _tokenHashes;
    private readonly byte[][] _sessionValues;
    // Sessions are signed with a key of this process: a restart logs everyone out, and the cookie never holds a token.
    private readonly byte[] _sessionKey = RandomNumberGenerator.GetBytes(32);

    public AccessPolicy(string? apiTokens)
    {
        var tokens = (apiTokens ?? "").Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        _tokenHashes = [.. tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
        _sessionValues = [.. _tokenHashes.Select(h => HMACSHA256.HashData(_sessionKey, h))];
    }

    /// <summary>Whether any token is configured; without one the server is read-only.</summary>
    public bool HasTokens => _tokenHashes.Length > 0;

    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    /// <summary>Whether the request carries a valid token or session.</summary>
    public bool IsAuthenticated(HttpContext context) => TokenFromHeaders(context) is not null || HasSession(context);

    /// <summary>Whether the request is authenticated by a header token (API clients), which needs no CSRF check.</summary>
    public bool HasHeaderToken(HttpContext context) => TokenFromHeaders(context) is not null;

    public bool MayRead(HttpContext context) => IsLoopback(context) || IsAuthenticated(context);

    public bool IsValidToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var match = false;
        foreach (var known in _tokenHashes) match |= CryptographicOperations.FixedTimeEquals(hash, known);
        return match;
    }

    /// <summary>The cookie value that stands for a valid token: an HMAC of it under this process's key.</summary>
    public string SessionFor(string token) =>
        Convert.ToBase64String(HMACSHA256.HashData(_sessionKey, SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    private bool HasSession(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var cookie) || string.IsNullOrEmpty(cookie)) return false;
        byte[] value;
        try
        {
            value = Convert.FromBase64String(cookie);
        }
        catch (FormatException)
        {
            return false;
        }
        var match = false;
        foreach (var known in _sessionValues) match |= CryptographicOperations.FixedTimeEquals(value, known);
        return match;
    }

    private string? TokenFromHeaders(HttpContext context)
    {
        var headers = context.Request.Headers;
        string? token = null;
        var authorization = headers.Authorization.ToString();
        if (authorization.Length > 0)
            token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        else if (headers.TryGetValue("X-CKAN-API-Key", out var key))
            token = key.ToString().Trim();
        return IsValidToken(token) ? token : null;
    }
}
