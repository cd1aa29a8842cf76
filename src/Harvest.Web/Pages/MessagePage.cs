using Microsoft.AspNetCore.Http;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>A page that only says something: a refusal, an error, or that nothing was found.</summary>
public static class MessagePage
{
    public static string Render(HttpContext context, string title, string message, string? back = null) =>
        Layout.Page(context, title, $"""
            <h1>{E(title)}</h1>
            <section><p class="error">{E(message)}</p>{(back is null ? "" : $"<p><a href=\"{E(back)}\">Back</a></p>")}</section>
            """);
}
