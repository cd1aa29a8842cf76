using Microsoft.AspNetCore.Http;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>Signing in with one of the api_tokens: the browser then keeps a session cookie, never the token.</summary>
public static class LoginPage
{
    public static string Render(HttpContext context, string? error = null) =>
        Layout.Page(context, "Log in", $"""
            <h1>Log in</h1>
            <section>
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            <form method="post" action="/login" class="edit">
              {CsrfField(context)}
              <label for="token">API token <span class="hint">one of the server's api_tokens setting</span></label>
              <input type="password" id="token" name="token" autocomplete="current-password" required>
              <p><button type="submit" class="primary">Log in</button></p>
            </form>
            </section>
            """);
}
