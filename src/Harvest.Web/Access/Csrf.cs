using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Harvest.Web.Access;

/// <summary>
/// Forms carry a random value that must equal the one in a SameSite=Strict cookie (double submit): another site can
/// make a browser post a form here but can neither read the cookie nor set the field to match it.
/// </summary>
public static class Csrf
{
    public const string Cookie = "harvest_csrf";
    public const string Field = "_csrf";

    /// <summary>The request's CSRF value, set as a cookie when the browser has none yet.</summary>
    public static string Token(HttpContext context)
    {
        if (context.Items[Cookie] is string issued) return issued;
        if (context.Request.Cookies.TryGetValue(Cookie, out var existing) && existing is { Length: 43 }) return existing;
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        context.Response.Cookies.Append(Cookie, value, CookieOptions(context));
        context.Items[Cookie] = value;
        return value;
    }

    public static bool IsValid(HttpContext context, IFormCollection form)
    {
        if (!context.Request.Cookies.TryGetValue(Cookie, out var cookie) || string.IsNullOrEmpty(cookie)) return false;
        var field = form[Field].ToString();
        return field.Length == cookie.Length
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(field), System.Text.Encoding.ASCII.GetBytes(cookie));
    }

    public static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/", IsEssential = true,
    };
}
