using System.Text;
using Harvest.Engine;
using Harvest.Engine.Catalog;
using Harvest.Engine.Model;
using Harvest.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>
/// One source: its settings, actions, the latest job's errors grouped by cause, its jobs with their counts, and its
/// datasets with a filter for orphaned ones (DKAN's "manage datasets": re-publish or delete for good).
/// </summary>
public static class SourcePage
{
    private const int DatasetsPerPage = 50;

    public static string Render(HttpContext context, HarvestEngine engine, string key)
    {
        var source = engine.Sources.Get(key);
        var canChange = context.RequestServices.GetRequiredService<AccessPolicy>().IsAuthenticated(context);
        var jobs = engine.Jobs.List(source.SourceId, limit: 20);
        var latest = jobs.FirstOrDefault();
        var path = $"/source/{U(source.Name)}";
        var body = new StringBuilder();
        body.Append($"<h1>{E(source.Title ?? source.Name)}</h1>");
        body.Append($"""
            <section>
            <dl class="details">
              <dt>Name</dt><dd>{E(source.Name)}</dd>
              <dt>Type</dt><dd>{E(source.Type)}</dd>
              <dt>URL</dt><dd>{ExternalLink(source.Url)}</dd>
              <dt>Frequency</dt><dd>{E(source.Frequency)}{(source.NextRun is { } next ? $" (next {Time(next)})" : "")}</dd>
              <dt>Organization</dt><dd>{E(source.Organization ?? "–")}</dd>
              <dt>Active</dt><dd>{(source.Active ? "yes" : "no")}</dd>
              <dt>Description</dt><dd>{E(source.Description ?? "–")}</dd>
              <dt>Config</dt><dd><pre>{E(source.RedactedConfig)}</pre></dd>
            </dl>
            {Actions(context, source, latest, canChange, path)}
            </section>
            """);
        if (latest is not null) body.Append(LatestJob(engine, latest));
        body.Append(Jobs(jobs));
        body.Append(Datasets(context, engine, source, canChange, path));
        return Layout.Page(context, source.Title ?? source.Name, body.ToString(),
            refresh: latest?.Progress is not null ? TimeSpan.FromSeconds(3) : null);
    }

    private static string Actions(HttpContext context, HarvestSource source, HarvestJob? latest, bool canChange, string path)
    {
        var preview = $"<a class=\"button\" href=\"{path}/preview\">Preview</a>";
        if (!canChange) return $"<div class=\"actions\">{preview} <span class=\"note\">Log in to harvest, edit or clear this source.</span></div>";
        var busy = latest?.Status is JobStatus.New or JobStatus.Running;
        var actions = new StringBuilder("<div class=\"actions\">");
        actions.Append(Button(context, $"{path}/harvest", "Harvest now", "primary"));
        if (!busy) actions.Append(Button(context, $"{path}/queue", "Queue a job"));
        if (busy) actions.Append(Button(context, $"/job/{U(latest!.JobId)}/abort", "Abort job", "danger"));
        actions.Append($"<a class=\"button\" href=\"{path}/edit\">Edit</a>");
        actions.Append(preview);
        actions.Append(Button(context, $"{path}/clear", "Clear", "danger", confirm: true, confirmText: "remove its datasets, jobs and objects"));
        return actions.Append("</div>").ToString();
    }

    private static string LatestJob(HarvestEngine engine, HarvestJob job)
    {
        var report = engine.Jobs.Report(job.JobId);
        var causes = new StringBuilder();
        foreach (var message in report.TopGatherMessages)
            causes.Append($"<tr><td>gather</td><td>{E(message.Message)}</td><td class=\"n\">{message.Count}</td><td></td></tr>");
        foreach (var message in report.TopObjectMessages)
            causes.Append($"<tr><td>record</td><td>{E(message.Message)}</td><td class=\"n\">{message.Count}</td><td>{E(string.Join(", ", message.Examples))}</td></tr>");
        var errors = causes.Length == 0
            ? "<p class=\"note\">No errors.</p>"
            : $"<div class=\"table\"><table><thead><tr><th>Stage</th><th>Cause</th><th class=\"n\">Count</th><th>For example</th></tr></thead><tbody>{causes}</tbody></table></div>";
        var warnings = string.Concat(report.GatherWarnings.Select(w => $"<p class=\"error\">{E(w.Message)}</p>"));
        return $"""
            <section>
            <h2>Latest job: <a href="/job/{U(job.JobId)}">{Status(job.Status)}</a> {Time(job.Created)}</h2>
            {Progress(job.Progress)}
            {warnings}
            <h3>Errors by cause</h3>
            {errors}
            </section>
            """;
    }

    private static string Jobs(IReadOnlyList<HarvestJob> jobs)
    {
        if (jobs.Count == 0) return "<section><h2>Jobs</h2><p class=\"note\">No jobs yet.</p></section>";
        var rows = new StringBuilder();
        foreach (var job in jobs)
            rows.Append($"<tr><td><a href=\"/job/{U(job.JobId)}\">{Time(job.Created)}</a></td><td>{Status(job.Status)} {Progress(job.Progress)}</td>"
                + $"<td class=\"hide-narrow\">{Time(job.Finished)}</td>{Counts(RunEvents.From(job.Stats))}<td class=\"n\">{job.GatherErrorCount}</td></tr>");
        return $"""
            <section>
            <h2>Jobs</h2>
            <div class="table"><table>
            <thead><tr><th>Created</th><th>Status</th><th class="hide-narrow">Finished</th>{CountHeaders}<th class="n">Gather errors</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            </section>
            """;
    }

    private static string Datasets(HttpContext context, HarvestEngine engine, HarvestSource source, bool canChange, string path)
    {
        var filter = context.Request.Query["datasets"].ToString() switch
        {
            "orphaned" => "orphaned",
            "all" => "all",
            _ => "active",
        };
        var state = filter switch { "orphaned" => DatasetState.Deleted, "active" => DatasetState.Active, _ => (DatasetState?)null };
        int.TryParse(context.Request.Query["page"], out var pageNumber);
        pageNumber = Math.Max(1, pageNumber);
        int Count(DatasetState? s) => engine.Catalog.Search(new DatasetSearch { SourceId = source.SourceId, State = s, Rows = 0 }).Count;
        var page = engine.Catalog.Search(new DatasetSearch
        {
            SourceId = source.SourceId, State = state, Sort = new DatasetSort(DatasetSortField.Name),
            Rows = DatasetsPerPage, Start = (pageNumber - 1) * DatasetsPerPage,
        });
        string Filter(string name, string label, int count) =>
            $"<a href=\"{path}?datasets={name}\" class=\"{(filter == name ? "on" : "")}\">{E(label)} ({count})</a>";
        var rows = new StringBuilder();
        foreach (var d in page.Datasets)
        {
            var manage = canChange && d.State == DatasetState.Deleted
                ? Button(context, $"/dataset/{U(d.DatasetId)}/republish", "Re-publish")
                  + Button(context, $"/dataset/{U(d.DatasetId)}/delete", "Delete for good", "danger", confirm: true, confirmText: "for good")
                : "";
            rows.Append($"<tr><td><a href=\"/api/3/action/package_show?id={U(d.DatasetId)}\">{E(d.Title)}</a><br><span class=\"note\">{E(d.Name)}</span></td>"
                + $"<td>{(d.State == DatasetState.Deleted ? "orphaned" : "active")}</td><td class=\"hide-narrow\">{Time(d.MetadataModified)}</td><td>{manage}</td></tr>");
        }
        var pages = (page.Count + DatasetsPerPage - 1) / DatasetsPerPage;
        var pager = pages <= 1 ? "" : "<p>" + (pageNumber > 1 ? $"<a href=\"{path}?datasets={filter}&amp;page={pageNumber - 1}\">Previous</a> " : "")
            + $"page {pageNumber} of {pages}" + (pageNumber < pages ? $" <a href=\"{path}?datasets={filter}&amp;page={pageNumber + 1}\">Next</a>" : "") + "</p>";
        var table = page.Datasets.Count == 0
            ? "<p class=\"note\">None.</p>"
            : $"<div class=\"table\"><table><thead><tr><th>Dataset</th><th>State</th><th class=\"hide-narrow\">Modified</th><th></th></tr></thead><tbody>{rows}</tbody></table></div>";
        return $"""
            <section id="datasets">
            <h2>Datasets</h2>
            <p class="filters">{Filter("active", "Active", Count(DatasetState.Active))}{Filter("orphaned", "Orphaned", Count(DatasetState.Deleted))}{Filter("all", "All", Count(null))}</p>
            {table}
            {pager}
            </section>
            """;
    }
}
