using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using static Harvest.Web.Api.ActionApi;

namespace Harvest.Web.Api;

/// <summary>ckanext-harvest's actions over the engine: the same operations as the CLI's source and job commands.</summary>
public static class HarvestActions
{
    public static JsonNode? SourceList(ActionContext c)
    {
        var all = c.Request.Boolean("all") ?? false;
        return new JsonArray([.. c.Engine.Sources.List(all).Select(s => (JsonNode)SourceWithStatus(c.Engine, s))]);
    }

    public static JsonNode? SourceShow(ActionContext c)
    {
        var key = c.Request.String("id") ?? c.Request.String("name") ?? c.Request.String("url")
            ?? throw new ActionValidationException("id", "Missing value");
        var source = c.Engine.Sources.List(includeInactive: true).FirstOrDefault(s => s.Url == key) ?? c.Engine.Sources.Get(key);
        return SourceWithStatus(c.Engine, source);
    }

    internal static JsonObject SourceWithStatus(HarvestEngine engine, HarvestSource source) =>
        HarvestDicts.Source(source, engine.Jobs.List(source.SourceId, limit: 1).FirstOrDefault(), engine.Store.CountActiveDatasets(source.SourceId));

    public static JsonNode? SourceCreate(ActionContext c)
    {
        var created = c.Engine.Sources.Create(new NewSourceRequest
        {
            Name = c.Request.Required("name"), Url = c.Request.Required("url"),
            Type = c.Request.String("source_type") ?? c.Request.Required("type"),
            Title = c.Request.String("title"), Description = c.Request.String("notes") ?? c.Request.String("description"),
            Frequency = Frequency(c.Request) ?? HarvestFrequency.Manual, Organization = c.Request.String("owner_org"),
            Config = c.Request.String("config"),
        });
        return SourceWithStatus(c.Engine, created);
    }

    public static JsonNode? SourceUpdate(ActionContext c)
    {
        var updated = c.Engine.Sources.Update(c.Request.Required("id"), new SourceUpdateRequest
        {
            Name = c.Request.String("name"), Url = c.Request.String("url"), Type = c.Request.String("source_type") ?? c.Request.String("type"),
            Title = c.Request.String("title"), Description = c.Request.String("notes") ?? c.Request.String("description"),
            Frequency = Frequency(c.Request), Organization = c.Request.String("owner_org"), Config = c.Request.String("config"),
            Active = c.Request.Boolean("active"),
        });
        return SourceWithStatus(c.Engine, updated);
    }

    public static JsonNode? SourceDelete(ActionContext c)
    {
        var deleted = c.Engine.Sources.Delete(c.Request.Required("id"));
        return new JsonObject { ["id"] = deleted.SourceId, ["name"] = deleted.Name };
    }

    public static JsonNode? SourceClear(ActionContext c)
    {
        var cleared = c.Engine.Sources.Clear(c.Request.Required("id"));
        return new JsonObject { ["id"] = cleared.SourceId, ["name"] = cleared.Name };
    }

    /// <summary>Creates a New job, as ckanext-harvest does; with <c>run=true</c> the server also runs it now (harvest now).</summary>
    public static JsonNode? JobCreate(ActionContext c)
    {
        var source = c.Request.String("source_id") ?? c.Request.Required("source");
        var job = c.Request.Boolean("run") == true ? c.Harvests.Start(c.Engine, source) : c.Engine.Jobs.Create(source);
        return HarvestDicts.Job(c.Engine.Jobs.Get(job.JobId));
    }

    public static JsonNode? JobList(ActionContext c)
    {
        var statusText = c.Request.String("status");
        JobStatus? status = null;
        if (statusText is not null)
            status = Enum.TryParse<JobStatus>(statusText, ignoreCase: true, out var parsed)
                ? parsed
                : throw new ActionValidationException("status", $"must be New, Running, Finished or Aborted, not '{statusText}'");
        var limit = c.Request.Integer("limit", 100);
        if (limit is < 1 or > 1000) throw new ActionValidationException("limit", "must be from 1 to 1000");
        var jobs = c.Engine.Jobs.List(c.Request.String("source_id") ?? c.Request.String("source"), status, limit);
        return new JsonArray([.. jobs.Select(j => (JsonNode)HarvestDicts.Job(j))]);
    }

    public static JsonNode? JobShow(ActionContext c) => HarvestDicts.Job(c.Engine.Jobs.Get(c.Request.Required("id")));

    public static JsonNode? JobReport(ActionContext c) => HarvestDicts.Report(c.Engine.Jobs.Report(c.Request.Required("id")));

    public static JsonNode? JobAbort(ActionContext c)
    {
        var key = c.Request.String("id") ?? c.Request.String("source_id") ?? c.Request.Required("source");
        return HarvestDicts.Job(c.Engine.Jobs.Abort(key));
    }

    public static JsonNode? ObjectShow(ActionContext c) => HarvestDicts.Object(c.Engine.Object(c.Request.Required("id")));

    public static JsonNode? LogList(ActionContext c)
    {
        var entries = c.Engine.Logs.List(c.Request.String("level"), c.Request.Integer("limit", 100), c.Request.Integer("offset", 0));
        return new JsonArray([.. entries.Select(e => (JsonNode)HarvestDicts.Log(e))]);
    }

    public static JsonNode? DatasetRepublish(ActionContext c) =>
        CatalogActions.Package(c, c.Engine.Orphans.Republish(c.Request.Required("id")));

    public static JsonNode? DatasetPurge(ActionContext c)
    {
        var deleted = c.Engine.Orphans.Delete(c.Request.Required("id"));
        return new JsonObject { ["id"] = deleted.DatasetId, ["name"] = deleted.Name };
    }

    private static HarvestFrequency? Frequency(ActionRequest request)
    {
        var text = request.String("frequency");
        if (text is null) return null;
        return Enum.TryParse<HarvestFrequency>(text, ignoreCase: true, out var frequency) && !int.TryParse(text, out _)
            ? frequency
            : throw new ActionValidationException("frequency", $"must be one of {string.Join(", ", Enum.GetNames<HarvestFrequency>())}, not '{text}'");
    }
}
