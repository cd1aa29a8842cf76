using System.Globalization;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.Web.Api;

/// <summary>Sources, jobs, reports, objects and log entries in the shapes ckanext-harvest's actions give them.</summary>
public static class HarvestDicts
{
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) ?? "";

    private static JsonNode? OptionalTime(DateTimeOffset? time) => time is null ? null : JsonValue.Create(Time(time));

    public static JsonObject Source(HarvestSource s, HarvestJob? lastJob = null, int? activeDatasets = null)
    {
        var dict = new JsonObject
        {
            ["id"] = s.SourceId, ["name"] = s.Name, ["title"] = s.Title, ["notes"] = s.Description, ["url"] = s.Url,
            ["source_type"] = s.Type, ["frequency"] = s.Frequency.ToString().ToUpperInvariant(), ["owner_org"] = s.Organization,
            // As ckanext-harvest stores it: the config as a JSON string; secrets masked.
            ["config"] = ConfigSecrets.Redact(s.Config), ["active"] = s.Active, ["state"] = s.Active ? "active" : "deleted",
            ["created"] = Time(s.Created), ["metadata_modified"] = Time(s.Modified), ["next_run"] = OptionalTime(s.NextRun),
        };
        if (lastJob is not null || activeDatasets is not null)
            dict["status"] = new JsonObject
            {
                ["last_job"] = lastJob is null ? null : Job(lastJob),
                ["total_datasets"] = activeDatasets,
            };
        return dict;
    }

    public static JsonObject Job(HarvestJob j)
    {
        var dict = new JsonObject
        {
            ["id"] = j.JobId, ["source_id"] = j.SourceId, ["status"] = j.Status.ToString(), ["created"] = Time(j.Created),
            ["gather_started"] = OptionalTime(j.GatherStarted), ["gather_finished"] = OptionalTime(j.GatherFinished),
            ["finished"] = OptionalTime(j.Finished), ["stats"] = Stats(j.Stats), ["events"] = Events(RunEvents.From(j.Stats)),
            ["gather_error_count"] = j.GatherErrorCount,
        };
        if (j.Progress is { } p)
            dict["progress"] = new JsonObject
            {
                ["waiting"] = p.Waiting, ["fetch"] = p.Fetch, ["import"] = p.Import, ["complete"] = p.Complete, ["error"] = p.Error,
                ["total"] = p.Total, ["done"] = p.Done, ["gather_finished"] = p.GatherFinished, ["percent_done"] = p.PercentDone,
                ["records_per_second"] = p.RecordsPerSecond, ["seconds_left"] = p.EstimatedTimeLeft?.TotalSeconds,
                ["summary"] = p.Summary,
            };
        return dict;
    }

    /// <summary>ckanext-harvest's stats keys, "not modified" with its space.</summary>
    public static JsonObject Stats(JobStats s) => new()
    {
        ["added"] = s.Added, ["updated"] = s.Updated, ["not modified"] = s.NotModified, ["deleted"] = s.Deleted, ["errored"] = s.Errored,
    };

    public static JsonObject Events(RunEvents e) => new()
    {
        ["created"] = e.Created, ["updated"] = e.Updated, ["unchanged"] = e.Unchanged, ["failed"] = e.Failed, ["orphaned"] = e.Orphaned,
    };

    public static JsonObject Report(JobReport r)
    {
        var objectErrors = new JsonObject();
        foreach (var o in r.ObjectErrors)
            objectErrors[o.ObjectId] = new JsonObject
            {
                ["guid"] = o.Guid, ["original_url"] = o.OriginalUrl, ["stage"] = o.Stage.ToString(),
                ["errors"] = new JsonArray([.. o.Errors.Select(e => (JsonNode)new JsonObject
                {
                    ["message"] = e.Message, ["line"] = e.Line, ["type"] = e.Stage.ToString(),
                })]),
            };
        return new JsonObject
        {
            ["job"] = Job(r.Job),
            ["source"] = new JsonObject { ["id"] = r.Source.SourceId, ["name"] = r.Source.Name, ["title"] = r.Source.Title },
            ["gather_errors"] = new JsonArray([.. r.GatherErrors.Select(e => (JsonNode)new JsonObject { ["message"] = e.Message, ["created"] = Time(e.Created) })]),
            ["gather_warnings"] = new JsonArray([.. r.GatherWarnings.Select(w => (JsonNode)new JsonObject { ["message"] = w.Message, ["created"] = Time(w.Created) })]),
            ["object_errors"] = objectErrors,
            ["top_gather_messages"] = Messages(r.TopGatherMessages),
            ["top_object_messages"] = Messages(r.TopObjectMessages),
            ["timings"] = new JsonObject
            {
                ["gather_seconds"] = r.Timings.Gather?.TotalSeconds, ["fetch_seconds"] = r.Timings.Fetch?.TotalSeconds,
                ["import_seconds"] = r.Timings.Import?.TotalSeconds, ["total_seconds"] = r.Timings.Total?.TotalSeconds,
            },
        };
    }

    private static JsonArray Messages(IReadOnlyList<MessageCount> messages) =>
        new([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["message"] = m.Message, ["count"] = m.Count, ["examples"] = new JsonArray([.. m.Examples.Select(x => (JsonNode)JsonValue.Create(x))]),
        })]);

    public static JsonObject Object(HarvestObject o) => new()
    {
        ["id"] = o.ObjectId, ["guid"] = o.Guid, ["harvest_job_id"] = o.JobId, ["harvest_source_id"] = o.SourceId, ["package_id"] = o.DatasetId,
        ["current"] = o.Current, ["state"] = o.State.ToString().ToUpperInvariant(), ["report_status"] = ReportStatusText(o.ReportStatus),
        ["gathered"] = Time(o.Gathered), ["fetch_finished"] = OptionalTime(o.FetchFinished), ["import_finished"] = OptionalTime(o.ImportFinished),
        ["content"] = o.Content, ["content_hash"] = o.ContentHash,
        ["extras"] = new JsonArray([.. o.Extras.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = e.Value })]),
    };

    /// <summary>ckanext-harvest's report_status words.</summary>
    public static string? ReportStatusText(ReportStatus status) => status switch
    {
        ReportStatus.Added => "added",
        ReportStatus.Updated => "updated",
        ReportStatus.NotModified => "not modified",
        ReportStatus.Deleted => "deleted",
        ReportStatus.Errored => "errored",
        _ => null,
    };

    public static JsonObject Log(HarvestLogEntry e) => new()
    {
        ["id"] = e.LogId, ["level"] = e.Level.ToUpperInvariant(), ["content"] = e.Content, ["created"] = Time(e.Created),
    };
}
