using System.Text;
using Harvest.Engine;
using Microsoft.AspNetCore.Http;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>Every source with its type, URL, frequency, last job, active dataset count and a progress bar while a job runs.</summary>
public static class SourcesPage
{
    public static string Render(HttpContext context, HarvestEngine engine)
    {
        var sources = engine.Sources.List(includeInactive: true);
        var rows = new StringBuilder();
        foreach (var source in sources)
        {
            var last = engine.Jobs.List(source.SourceId, limit: 1).FirstOrDefault();
            var lastJob = last is null
                ? "<span class=\"note\">never harvested</span>"
                : $"<a href=\"/job/{U(last.JobId)}\">{Status(last.Status)}</a> {Time(last.Finished ?? last.GatherStarted ?? last.Created)} {Progress(last.Progress)}";
            rows.Append($"""
                <tr>
                  <td><a href="/source/{U(source.Name)}">{E(source.Title ?? source.Name)}</a><br><span class="note">{E(source.Name)}{(source.Active ? "" : " · inactive")}</span></td>
                  <td>{E(source.Type)}</td>
                  <td class="hide-narrow">{ExternalLink(source.Url)}</td>
                  <td>{E(source.Frequency)}</td>
                  <td>{lastJob}</td>
                  <td class="n">{engine.Store.CountActiveDatasets(source.SourceId)}</td>
                </tr>
                """);
        }
        var running = sources.Any(s => engine.Jobs.List(s.SourceId, limit: 1).FirstOrDefault()?.Progress is not null);
        var body = sources.Count == 0
            ? "<section><p>No harvest sources yet. <a class=\"button primary\" href=\"/sources/new\">Create one</a></p></section>"
            : $"""
                <section class="table">
                <table>
                <thead><tr><th>Source</th><th>Type</th><th class="hide-narrow">URL</th><th>Frequency</th><th>Last job</th><th class="n">Datasets</th></tr></thead>
                <tbody>
                {rows}
                </tbody>
                </table>
                </section>
                """;
        return Layout.Page(context, "Harvest sources", $"<h1>Harvest sources</h1>\n{body}",
            refresh: running ? TimeSpan.FromSeconds(5) : null);
    }
}
