using Harvest.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>The page around every dashboard view: header, navigation, who is logged in, and the style sheet.</summary>
public static class Layout
{
    private const string Style = """
        :root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
        header { background: #0b3d6e; color: #fff; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; }
        header a { color: #fff; text-decoration: none; } header .brand { font-weight: 700; font-size: 1.1rem; }
        header .who { margin-left: auto; font-size: .9rem; } header form button { background: none; border: 1px solid #fff8; color: #fff; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.45rem; margin: .3rem 0 .8rem; overflow-wrap: anywhere; } h2 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
        .table { overflow-x: auto; } table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
        th { font-size: .85rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } time, .status { white-space: nowrap; }
        a { color: var(--accent); } code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
        pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        .status { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .85rem; background: #eaeef2; }
        .status-running, .status-new { background: #ddf4ff; } .status-finished { background: #dafbe1; } .status-aborted { background: #ffebe9; }
        .progress { display: inline-flex; gap: .4rem; align-items: center; flex-wrap: wrap; } progress { width: 9rem; }
        .progress-text { font-size: .85rem; color: var(--muted); }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .6rem 0; }
        form.inline { display: inline-flex; gap: .3rem; align-items: center; margin: 0; }
        button, .button { font: inherit; padding: .3rem .75rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; text-decoration: none; color: inherit; }
        button.primary, .button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; } button.danger { color: #cf222e; }
        .error { background: #ffebe9; border: 1px solid #ff818266; padding: .5rem .8rem; border-radius: 6px; }
        .note { color: var(--muted); font-size: .9rem; } .confirm { font-size: .85rem; color: var(--muted); }
        dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; } dl.details dt { color: var(--muted); }
        dl.details dd { margin: 0; overflow-wrap: anywhere; }
        form.edit label { display: block; margin: .6rem 0 .2rem; font-weight: 600; } form.edit .hint { font-weight: 400; color: var(--muted); font-size: .85rem; }
        form.edit input[type=text], form.edit input[type=url], form.edit input[type=password], form.edit select, form.edit textarea { width: 100%; font: inherit; padding: .35rem; border: 1px solid var(--line); border-radius: 6px; }
        form.edit textarea { font-family: ui-monospace, monospace; min-height: 8rem; }
        .filters a { margin-right: .8rem; } .filters a.on { font-weight: 700; text-decoration: none; color: inherit; }
        @media (max-width: 640px) { body { font-size: 14px; } main { padding: .5rem; } section { padding: .6rem; } .hide-narrow { display: none; } dl.details { grid-template-columns: 1fr; } }
        """;

    public static string Page(HttpContext context, string title, string body, TimeSpan? refresh = null)
    {
        var access = context.RequestServices.GetRequiredService<AccessPolicy>();
        var who = access.IsAuthenticated(context)
            ? $"<form method=\"post\" action=\"/logout\" class=\"inline\">{CsrfField(context)}<span>signed in</span> <button type=\"submit\">Log out</button></form>"
            : access.HasTokens ? "<a href=\"/login\">Log in</a>" : "<span title=\"no api_tokens are configured\">read-only</span>";
        var meta = refresh is { } r ? $"<meta http-equiv=\"refresh\" content=\"{(int)Math.Max(1, r.TotalSeconds)}\">" : "";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            {{meta}}
            <title>{{E(title)}} · Harvest</title>
            <style>{{Style}}</style>
            </head>
            <body>
            <header>
              <a class="brand" href="/">Harvest</a>
              <nav><a href="/">Sources</a> · <a href="/sources/new">New source</a> · <a href="/data.json">data.json</a> · <a href="/api/3/action/package_search">API</a></nav>
              <span class="who">{{who}}</span>
            </header>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
    }
}
