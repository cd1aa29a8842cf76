using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.Cli.Output;

/// <summary>The JSON shapes the CLI prints with --json (camelCase keys, enum values as words).</summary>
internal static class Views
{
    public static object Source(HarvestSource s) => new
    {
        id = s.SourceId, name = s.Name, url = s.Url, type = s.Type, title = s.Title, description = s.Description,
        frequency = s.Frequency, organization = s.Organization, config = JsonNode.Parse(ConfigSecrets.Redact(s.Config)), active = s.Active,
        created = s.Created, modified = s.Modified,
    };

    public static object Job(HarvestJob j) => new
    {
        id = j.JobId, sourceId = j.SourceId, status = j.Status, created = j.Created, gatherStarted = j.GatherStarted,
        gatherFinished = j.GatherFinished, finished = j.Finished, stats = Stats(j.Stats), gatherErrors = j.GatherErrorCount,
        progress = ReportOutput.Progress(j.Progress),
    };

    public static object Stats(JobStats s) => new
    {
        added = s.Added, updated = s.Updated, notModified = s.NotModified, deleted = s.Deleted, errored = s.Errored,
    };

    public static object Report(JobReport r) => new
    {
        id = r.Job.JobId, sourceId = r.Job.SourceId, source = r.Source.Name, status = r.Job.Status, stats = Stats(r.Job.Stats),
        events = new { created = r.Events.Created, updated = r.Events.Updated, unchanged = r.Events.Unchanged, failed = r.Events.Failed, orphaned = r.Events.Orphaned },
        created = r.Job.Created, gatherStarted = r.Job.GatherStarted, gatherFinished = r.Job.GatherFinished, finished = r.Job.Finished,
        gatherErrors = r.GatherErrors.Select(e => new { message = e.Message, created = e.Created }),
        gatherWarnings = r.GatherWarnings.Select(w => new { message = w.Message, created = w.Created }),
        objectErrors = r.ObjectErrors.Select(o => new
        {
            objectId = o.ObjectId, guid = o.Guid, originalUrl = o.OriginalUrl, stage = o.Stage,
            errors = o.Errors.Select(e => new { stage = e.Stage, message = e.Message, line = e.Line }),
        }),
        topGatherMessages = ReportOutput.Messages(r.TopGatherMessages),
        topObjectMessages = ReportOutput.Messages(r.TopObjectMessages),
        timings = ReportOutput.Timings(r.Timings),
        warnings = r.Warnings,
    };

    public static object Dataset(Dataset d) => new
    {
        id = d.DatasetId, name = d.Name, title = d.Title, state = d.State, notes = d.Notes, url = d.Url, organization = d.Organization,
        tags = d.Tags, groups = d.Groups, extras = d.Extras, resources = d.Resources, sourceId = d.SourceId, guid = d.Guid,
        metadataCreated = d.MetadataCreated, metadataModified = d.MetadataModified,
        harvestObjectId = d.HarvestObjectId, harvestSourceId = d.HarvestSourceId, harvestSourceTitle = d.HarvestSourceTitle,
        harvestSourceUrl = d.HarvestSourceUrl,
    };

    public static object Harvester(HarvesterInfo h) => new
    {
        name = h.Name, title = h.Title, description = h.Description, assembly = h.Assembly,
        config = h.ConfigKeys.Select(k => new { key = k.Key, type = k.Type, description = k.Description, @default = k.Default }),
    };

    public static object Reimport(ReimportResult r) => new
    {
        objects = r.Objects,
        stats = new
        {
            added = r.ByStatus.GetValueOrDefault(ReportStatus.Added), updated = r.ByStatus.GetValueOrDefault(ReportStatus.Updated),
            notModified = r.ByStatus.GetValueOrDefault(ReportStatus.NotModified), deleted = r.ByStatus.GetValueOrDefault(ReportStatus.Deleted),
            errored = r.ByStatus.GetValueOrDefault(ReportStatus.Errored),
        },
        failures = r.Failures.Select(f => new { guid = f.Guid, message = f.Message }),
    };
}
