using System.Text;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Reports;
using Harvest.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>A job's full report (the CLI's job-report), refreshing itself while the job runs.</summary>
public static class JobPage
{
    private const int ObjectErrorsShown = 200;

    public static string Render(HttpContext context, HarvestEngine engine, string jobId, TimeSpan refresh)
    {
        var report = engine.Jobs.Report(jobId);
        var job = report.Job;
        var canChange = context.RequestServices.GetRequiredService<AccessPolicy>().IsAuthenticated(context);
        var body = new StringBuilder();
        var running = job.Status is JobStatus.New or JobStatus.Running;
        body.Append($"<h1>Job {Status(job.Status)} of <a href=\"/source/{U(report.Source.Name)}\">{E(report.Source.Title ?? report.Source.Name)}</a></h1>");
        body.Append($"""
            <section>
            <dl class="details">
              <dt>Job</dt><dd><code>{E(job.JobId)}</code></dd>
              <dt>Created</dt><dd>{Time(job.Created)}</dd>
              <dt>Gather</dt><dd>{Time(job.GatherStarted)} → {Time(job.GatherFinished)}</dd>
              <dt>Finished</dt><dd>{Time(job.Finished)}</dd>
              <dt>Timings</dt><dd>{E(report.Timings)}</dd>
            </dl>
            {(running ? $"<p id=\"progress\">{Progress(job.Progress)}</p>" : "")}
            {(job.Status == JobStatus.New ? "<p class=\"note\">Waiting to be gathered: by this server (Harvest now), or by <code>harvester run</code> and the consumers.</p>" : "")}
            {(running && canChange ? $"<div class=\"actions\">{Button(context, $"/job/{U(job.JobId)}/abort", "Abort job", "danger")}</div>" : "")}
            </section>
            """);
        body.Append($"""
            <section>
            <h2>Counts</h2>
            <div class="table"><table id="counts">
            <thead><tr>{CountHeaders}</tr></thead>
            <tbody><tr>{Counts(report.Events)}</tr></tbody>
            </table></div>
            <p class="note">ckanext-harvest's terms: added {job.Stats.Added}, updated {job.Stats.Updated}, not modified {job.Stats.NotModified}, deleted {job.Stats.Deleted}, errored {job.Stats.Errored}.</p>
            </section>
            """);
        if (report.GatherErrors.Count > 0 || report.GatherWarnings.Count > 0)
            body.Append("<section><h2>Gather</h2>"
                + string.Concat(report.GatherErrors.Select(e => $"<p class=\"error\">{E(e.Message)}</p>"))
                + string.Concat(report.GatherWarnings.Select(w => $"<p class=\"error\">warning: {E(w.Message)}</p>")) + "</section>");
        if (report.TopObjectMessages.Count > 0)
            body.Append($"""
                <section>
                <h2>Errors by cause</h2>
                <div class="table"><table><thead><tr><th>Cause</th><th class="n">Count</th><th>For example</th></tr></thead><tbody>
                {string.Concat(report.TopObjectMessages.Select(m => $"<tr><td>{E(m.Message)}</td><td class=\"n\">{m.Count}</td><td>{E(string.Join(", ", m.Examples))}</td></tr>"))}
                </tbody></table></div>
                </section>
                """);
        if (report.ObjectErrors.Count > 0)
            body.Append(ObjectErrors(report));
        return Layout.Page(context, $"Job of {report.Source.Name}", body.ToString(), refresh: running ? refresh : null);
    }

    private static string ObjectErrors(JobReport report)
    {
        var rows = new StringBuilder();
        foreach (var o in report.ObjectErrors.Take(ObjectErrorsShown))
            rows.Append($"<tr><td>{E(o.Guid)}<br>{ExternalLink(o.OriginalUrl)}</td><td>{E(o.Stage)}</td><td>"
                + string.Join("<br>", o.Errors.Select(e => E(e.Message) + (e.Line is { } line ? $" <span class=\"note\">(line {line})</span>" : "")))
                + $"</td><td><a href=\"/api/3/action/harvest_object_show?id={U(o.ObjectId)}\">object</a></td></tr>");
        var more = report.ObjectErrors.Count > ObjectErrorsShown
            ? $"<p class=\"note\">{report.ObjectErrors.Count - ObjectErrorsShown} more: see <code>harvester job-report {E(report.JobId)}</code>.</p>"
            : "";
        return $"""
            <section>
            <h2>Records with errors</h2>
            <div class="table"><table><thead><tr><th>Record</th><th>Stage</th><th>Errors</th><th></th></tr></thead><tbody>{rows}</tbody></table></div>
            {more}
            </section>
            """;
    }
}
