using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Sources;
using Harvest.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Harvest.Web.Api;

/// <summary>
/// CKAN's action API under /api/3/action/NAME (and /api/action/NAME): ckanext-harvest's harvest actions and CKAN's
/// read actions over the local catalog, answered in CKAN's envelope (help, success, result or error) with its status
/// codes: 200, 400 bad request, 403 not authorized, 404 not found, 409 validation error, 500.
/// </summary>
public static class ActionApi
{
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What an action needs and gives: the engine of this request, its parameters, and who asks.</summary>
    public sealed record ActionContext(HttpContext Http, HarvestEngine Engine, ActionRequest Request, BackgroundHarvests Harvests);

    private sealed record Action(bool ChangesState, bool OpenCatalog, Func<ActionContext, JsonNode?> Run);

    private static readonly Dictionary<string, Action> Actions = new(StringComparer.Ordinal)
    {
        ["harvest_source_list"] = new(false, false, HarvestActions.SourceList),
        ["harvest_source_show"] = new(false, false, HarvestActions.SourceShow),
        ["harvest_source_create"] = new(true, false, HarvestActions.SourceCreate),
        ["harvest_source_update"] = new(true, false, HarvestActions.SourceUpdate),
        ["harvest_source_delete"] = new(true, false, HarvestActions.SourceDelete),
        ["harvest_source_clear"] = new(true, false, HarvestActions.SourceClear),
        ["harvest_job_create"] = new(true, false, HarvestActions.JobCreate),
        ["harvest_job_list"] = new(false, false, HarvestActions.JobList),
        ["harvest_job_show"] = new(false, false, HarvestActions.JobShow),
        ["harvest_job_report"] = new(false, false, HarvestActions.JobReport),
        ["harvest_job_abort"] = new(true, false, HarvestActions.JobAbort),
        ["harvest_object_show"] = new(false, false, HarvestActions.ObjectShow),
        ["harvest_log_list"] = new(false, false, HarvestActions.LogList),
        ["harvest_dataset_republish"] = new(true, false, HarvestActions.DatasetRepublish),
        ["harvest_dataset_purge"] = new(true, false, HarvestActions.DatasetPurge),
        ["package_search"] = new(false, true, CatalogActions.PackageSearch),
        ["package_show"] = new(false, true, CatalogActions.PackageShow),
        ["package_list"] = new(false, true, CatalogActions.PackageList),
        ["organization_list"] = new(false, true, c => CatalogActions.GroupList(c, organizations: true)),
        ["organization_show"] = new(false, true, c => CatalogActions.GroupShow(c, organization: true)),
        ["group_list"] = new(false, true, c => CatalogActions.GroupList(c, organizations: false)),
        ["group_show"] = new(false, true, c => CatalogActions.GroupShow(c, organization: false)),
        ["status_show"] = new(false, true, CatalogActions.StatusShow),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/3/action/{name}", [HttpMethods.Get, HttpMethods.Post], HandleAsync);
        app.MapMethods("/api/action/{name}", [HttpMethods.Get, HttpMethods.Post], HandleAsync);
    }

    private static async Task HandleAsync(HttpContext http, string name)
    {
        var help = $"{http.Request.Scheme}://{http.Request.Host}/api/3/action/help_show?name={Uri.EscapeDataString(name)}";
        int status;
        JsonObject body;
        try
        {
            if (!Actions.TryGetValue(name, out var action))
                throw new BadRequestException($"Action name not known: {name}");
            var access = http.RequestServices.GetRequiredService<AccessPolicy>();
            if (action.ChangesState)
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                    throw new BadRequestException($"{name} changes the catalog: send it as a POST");
                if (!access.HasTokens)
                    throw new NotAuthorizedException("this server has no api_tokens configured: it accepts no changes");
                if (!access.HasHeaderToken(http))
                    throw new NotAuthorizedException($"{name} needs a valid API token in the Authorization header");
            }
            else if (!action.OpenCatalog && !access.MayRead(http))
                throw new NotAuthorizedException($"{name} needs a valid API token when asked from another machine");
            var request = await ActionRequest.ReadAsync(http.Request);
            var context = new ActionContext(http, http.RequestServices.GetRequiredService<HarvestEngine>(), request,
                http.RequestServices.GetRequiredService<BackgroundHarvests>());
            var result = action.Run(context);
            status = StatusCodes.Status200OK;
            body = new JsonObject { ["help"] = help, ["success"] = true, ["result"] = result };
        }
        catch (Exception e)
        {
            (status, var error) = Error(e);
            body = new JsonObject { ["help"] = help, ["success"] = false, ["error"] = error };
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, new JsonWriterOptions { Encoder = Json.Encoder });
        body.WriteTo(writer);
        await writer.FlushAsync();
    }

    private static (int Status, JsonObject Error) Error(Exception e) => e switch
    {
        BadRequestException => (400, ErrorObject("Bad Request", e.Message)),
        NotAuthorizedException => (403, ErrorObject("Authorization Error", e.Message)),
        HarvestNotFoundException => (404, ErrorObject("Not Found Error", e.Message)),
        ActionValidationException v => (409, ValidationError(v.Message, (v.Key, [v.Detail]))),
        InvalidSourceConfigException c => (409, ValidationError(c.Message, ("config", c.Errors))),
        InvalidSourceException or UnknownSourceTypeException or JobAlreadyRunningException or HarvestConflictException
            => (409, ValidationError(e.Message)),
        HarvestException => (409, ValidationError(e.Message)),
        _ => (500, ErrorObject("Internal Server Error", "the server failed to answer this request")),
    };

    private static JsonObject ErrorObject(string type, string message) => new() { ["__type"] = type, ["message"] = message };

    private static JsonObject ValidationError(string message, params (string Key, IReadOnlyList<string> Messages)[] fields)
    {
        var error = ErrorObject("Validation Error", message);
        foreach (var (key, messages) in fields) error[key] = new JsonArray([.. messages.Select(m => (JsonNode)JsonValue.Create(m))]);
        return error;
    }
}
