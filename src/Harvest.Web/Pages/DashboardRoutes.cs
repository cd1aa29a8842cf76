using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Harvest.Web.Pages;

/// <summary>
/// The dashboard's pages and form actions. Pages are open to read from loopback (elsewhere after logging in); every
/// form post needs a login (a token's session) and the form's CSRF value, and acts through the engine as the CLI does.
/// </summary>
public static class DashboardRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => Page(context, engine => SourcesPage.Render(context, engine)));
        app.MapGet("/sources/new", context => Page(context, engine =>
            SourceFormPage.Render(context, engine, SourceFormPage.Values.Empty(engine.Registry.List().FirstOrDefault()?.Name ?? ""), null, [])));
        app.MapPost("/sources/new", context => Change(context, async (engine, form) => CreateSource(context, engine, form)));
        app.MapGet("/source/{name}", (HttpContext context, string name) => Page(context, engine => SourcePage.Render(context, engine, name)));
        app.MapGet("/source/{name}/edit", (HttpContext context, string name) => Page(context, engine =>
        {
            var source = engine.Sources.Get(name);
            return SourceFormPage.Render(context, engine, SourceFormPage.Values.Of(source), source, []);
        }));
        app.MapPost("/source/{name}/edit", (HttpContext context, string name) => Change(context, async (engine, form) => EditSource(context, engine, name, form)));
        app.MapGet("/source/{name}/preview", async (HttpContext context, string name) =>
        {
            if (!Readable(context)) return;
            var engine = context.RequestServices.GetRequiredService<HarvestEngine>();
            try
            {
                await Write(context, 200, await PreviewPage.RenderAsync(context, engine, name));
            }
            catch (HarvestException e)
            {
                await Write(context, e is HarvestNotFoundException ? 404 : 409, MessagePage.Render(context, "Cannot preview", e.Message, $"/source/{Html.U(name)}"));
            }
        });
        app.MapPost("/source/{name}/harvest", (HttpContext context, string name) => Change(context, async (engine, _) =>
        {
            var job = context.RequestServices.GetRequiredService<BackgroundHarvests>().Start(engine, name);
            return Redirect($"/job/{Html.U(job.JobId)}");
        }));
        app.MapPost("/source/{name}/queue", (HttpContext context, string name) => Change(context, async (engine, _) =>
            Redirect($"/job/{Html.U(engine.Jobs.Create(name).JobId)}")));
        app.MapPost("/source/{name}/clear", (HttpContext context, string name) => Change(context, async (engine, form) =>
        {
            RequireConfirmation(form);
            var source = engine.Sources.Clear(name);
            return Redirect($"/source/{Html.U(source.Name)}");
        }));
        app.MapGet("/job/{id}", (HttpContext context, string id) => Page(context, engine =>
            JobPage.Render(context, engine, id, context.RequestServices.GetRequiredService<ServerOptions>().RefreshInterval)));
        app.MapPost("/job/{id}/abort", (HttpContext context, string id) => Change(context, async (engine, _) =>
            Redirect($"/job/{Html.U(engine.Jobs.Abort(id).JobId)}")));
        app.MapPost("/dataset/{id}/republish", (HttpContext context, string id) => Change(context, async (engine, _) =>
            BackToSource(engine, engine.Orphans.Republish(id), "orphaned")));
        app.MapPost("/dataset/{id}/delete", (HttpContext context, string id) => Change(context, async (engine, form) =>
        {
            RequireConfirmation(form);
            return BackToSource(engine, engine.Orphans.Delete(id), "orphaned");
        }));
        app.MapGet("/login", context => Write(context, 200, LoginPage.Render(context)));
        app.MapPost("/login", Login);
        app.MapPost("/logout", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            if (!Csrf.IsValid(context, form))
            {
                await Write(context, 403, MessagePage.Render(context, "Refused", "The form has expired: reload the page and try again."));
                return;
            }
            context.Response.Cookies.Delete(AccessPolicy.SessionCookie);
            context.Response.Redirect("/", permanent: false);
        });
    }

    private static bool Readable(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<AccessPolicy>().MayRead(context)) return true;
        context.Response.Redirect("/login", permanent: false);
        return false;
    }

    private static async Task Page(HttpContext context, Func<HarvestEngine, string> render)
    {
        if (!Readable(context)) return;
        var engine = context.RequestServices.GetRequiredService<HarvestEngine>();
        try
        {
            await Write(context, 200, render(engine));
        }
        catch (HarvestNotFoundException e)
        {
            await Write(context, 404, MessagePage.Render(context, "Not found", e.Message, "/"));
        }
    }

    /// <summary>What a form action gives back: a page to show (with its status) or where to go next.</summary>
    private sealed record Outcome(int Status, string? Html, string? Location);

    private static Outcome Redirect(string location) => new(303, null, location);

    private static Outcome BackToSource(HarvestEngine engine, Dataset dataset, string filter) =>
        Redirect(dataset.SourceId is { } sourceId ? $"/source/{Html.U(engine.Sources.Get(sourceId).Name)}?datasets={filter}#datasets" : "/");

    private static void RequireConfirmation(IFormCollection form)
    {
        if (form["confirm"].ToString() != "yes") throw new HarvestException("tick the box to confirm first");
    }

    private static async Task Change(HttpContext context, Func<HarvestEngine, IFormCollection, Task<Outcome>> act)
    {
        var access = context.RequestServices.GetRequiredService<AccessPolicy>();
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        string? refusal = null;
        if (!access.HasTokens) refusal = "This server has no api_tokens configured: it accepts no changes.";
        else if (!access.IsAuthenticated(context)) refusal = "Log in with an API token to make changes.";
        else if (!access.HasHeaderToken(context) && !Csrf.IsValid(context, form)) refusal = "The form has expired: reload the page and try again.";
        if (refusal is not null)
        {
            await Write(context, 403, MessagePage.Render(context, "Refused", refusal, "/login"));
            return;
        }
        var engine = context.RequestServices.GetRequiredService<HarvestEngine>();
        Outcome outcome;
        try
        {
            outcome = await act(engine, form);
        }
        catch (HarvestException e)
        {
            var back = context.Request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out var uri)
                ? uri.PathAndQuery : "/";
            outcome = new Outcome(e is HarvestNotFoundException ? 404 : 409, MessagePage.Render(context, "Not done", e.Message, back), null);
        }
        if (outcome.Location is not null)
        {
            context.Response.StatusCode = outcome.Status;
            context.Response.Headers.Location = outcome.Location;
            return;
        }
        await Write(context, outcome.Status, outcome.Html!);
    }

    private static Outcome CreateSource(HttpContext context, HarvestEngine engine, IFormCollection form)
    {
        var values = SourceFormPage.Values.Of(form);
        try
        {
            var created = engine.Sources.Create(new NewSourceRequest
            {
                Name = values.Name, Url = values.Url, Type = values.Type, Title = Optional(values.Title),
                Description = Optional(values.Description), Frequency = Frequency(values.Frequency),
                Organization = Optional(values.Organization), Config = values.Config,
            });
            return Redirect($"/source/{Html.U(created.Name)}");
        }
        catch (HarvestException e) when (e is not HarvestNotFoundException)
        {
            return new Outcome(400, SourceFormPage.Render(context, engine, values, null, [e.Message]), null);
        }
    }

    private static Outcome EditSource(HttpContext context, HarvestEngine engine, string name, IFormCollection form)
    {
        var existing = engine.Sources.Get(name);
        var values = SourceFormPage.Values.Of(form);
        try
        {
            var config = values.Config.Trim() == existing.RedactedConfig.Trim() ? null : KeepSecrets(values.Config, existing.Config);
            var updated = engine.Sources.Update(existing.SourceId, new SourceUpdateRequest
            {
                Name = values.Name, Url = values.Url, Type = values.Type, Title = values.Title, Description = values.Description,
                Frequency = Frequency(values.Frequency), Organization = values.Organization, Config = config, Active = values.Active,
            });
            return Redirect($"/source/{Html.U(updated.Name)}");
        }
        catch (HarvestException e) when (e is not HarvestNotFoundException)
        {
            return new Outcome(400, SourceFormPage.Render(context, engine, values, existing, [e.Message]), null);
        }
    }

    /// <summary>A secret shown masked in the form and posted back masked keeps its stored value.</summary>
    private static string KeepSecrets(string posted, string stored)
    {
        try
        {
            if (JsonNode.Parse(posted) is not JsonObject config || JsonNode.Parse(stored) is not JsonObject old) return posted;
            foreach (var key in config.Select(p => p.Key).Where(ConfigSecrets.Keys.Contains).ToList())
                if (config[key] is JsonValue value && value.TryGetValue<string>(out var text) && text == ConfigSecrets.Mask && old[key] is { } kept)
                    config[key] = kept.DeepClone();
            return config.ToJsonString();
        }
        catch (JsonException)
        {
            return posted; // the engine reports the bad JSON with its usual message
        }
    }

    private static HarvestFrequency Frequency(string text) =>
        Enum.TryParse<HarvestFrequency>(text, ignoreCase: true, out var frequency) ? frequency : throw new HarvestException($"unknown frequency '{text}'");

    private static string? Optional(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static async Task Login(HttpContext context)
    {
        var access = context.RequestServices.GetRequiredService<AccessPolicy>();
        var form = await context.Request.ReadFormAsync();
        if (!Csrf.IsValid(context, form))
        {
            await Write(context, 403, LoginPage.Render(context, "The form has expired: try again."));
            return;
        }
        var token = form["token"].ToString();
        if (!access.HasTokens || !access.IsValidToken(token))
        {
            await Write(context, 403, LoginPage.Render(context, access.HasTokens ? "That token is not one of the server's api_tokens." : "This server has no api_tokens configured."));
            return;
        }
        context.Response.Cookies.Append(AccessPolicy.SessionCookie, access.SessionFor(token), Csrf.CookieOptions(context));
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = "/";
    }

    private static async Task Write(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html);
    }
}
