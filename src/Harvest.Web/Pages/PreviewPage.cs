using System.Text;
using Harvest.Engine;
using Harvest.Engine.Preview;
using Microsoft.AspNetCore.Http;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>DKAN's harvest preview: what a harvest of the source would do with each record, writing nothing.</summary>
public static class PreviewPage
{
    public static async Task<string> RenderAsync(HttpContext context, HarvestEngine engine, string key)
    {
        var source = engine.Sources.Get(key);
        var report = await engine.Preview.PreviewSourceAsync(source.SourceId, context.RequestAborted);
        var counts = string.Join(", ", report.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key.ToString().ToLowerInvariant()} {c.Value}"));
        var rows = new StringBuilder();
        foreach (var r in report.Records)
            rows.Append($"<tr><td>{E(r.Action.ToString().ToLowerInvariant())}</td><td>{E(r.Title)}<br><span class=\"note\">{E(r.Guid)}</span></td><td>{E(r.Reason)}</td></tr>");
        var body = $"""
            <h1>Preview of <a href="/source/{U(source.Name)}">{E(source.Title ?? source.Name)}</a></h1>
            <section>
            <p>What a harvest would do now; nothing is written. {E(counts)}</p>
            {string.Concat(report.GatherErrors.Select(e => $"<p class=\"error\">{E(e)}</p>"))}
            <div class="table"><table><thead><tr><th>Action</th><th>Record</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table></div>
            </section>
            """;
        return Layout.Page(context, $"Preview of {source.Name}", body);
    }
}
