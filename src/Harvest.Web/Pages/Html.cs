using System.Globalization;
using System.Text.Encodings.Web;
using Harvest.Engine.Model;
using Harvest.Engine.Reports;
using Harvest.Web.Access;
using Microsoft.AspNetCore.Http;

namespace Harvest.Web.Pages;

/// <summary>Small pieces of HTML. Every value that is not a literal of this code goes through <see cref="E"/>: titles, URLs and messages come from remote catalogs and are hostile.</summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string E(object? value) => E(Convert.ToString(value, CultureInfo.InvariantCulture));

    /// <summary>A path segment of one of our URLs.</summary>
    public static string U(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A link to a remote URL only when it is http(s); anything else (javascript:, data:) is shown as text.</summary>
    public static string ExternalLink(string? url, string? text = null)
    {
        if (string.IsNullOrEmpty(url)) return "";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"<a href=\"{E(uri.AbsoluteUri)}\" rel=\"noopener noreferrer nofollow\">{E(text ?? url)}</a>"
            : $"<code>{E(text ?? url)}</code>";
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? $"<time datetime=\"{E(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}\">{E(t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC</time>" : "–";

    public static string Status(JobStatus status) => $"<span class=\"status status-{E(status.ToString().ToLowerInvariant())}\">{E(status)}</span>";

    /// <summary>A progress bar for a New or Running job (a bar without a value while the gather has not finished).</summary>
    public static string Progress(JobProgress? progress)
    {
        if (progress is null) return "";
        var bar = progress.PercentDone is { } percent
            ? $"<progress max=\"100\" value=\"{E(percent)}\">{E(percent)}%</progress>"
            : "<progress></progress>";
        return $"<span class=\"progress\">{bar} <span class=\"progress-text\">{E(progress.Summary)}</span></span>";
    }

    /// <summary>A POST form of one button, carrying the CSRF value.</summary>
    public static string Button(HttpContext context, string action, string label, string css = "", bool confirm = false, string? confirmText = null) =>
        $"<form method=\"post\" action=\"{E(action)}\" class=\"inline\">{CsrfField(context)}"
        + (confirm ? $"<label class=\"confirm\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> {E(confirmText ?? "sure")}</label> " : "")
        + $"<button type=\"submit\" class=\"{E(css)}\">{E(label)}</button></form>";

    public static string CsrfField(HttpContext context) => $"<input type=\"hidden\" name=\"{Csrf.Field}\" value=\"{E(Csrf.Token(context))}\">";

    public static string Counts(RunEvents e) =>
        $"<td class=\"n\">{e.Created}</td><td class=\"n\">{e.Updated}</td><td class=\"n\">{e.Unchanged}</td><td class=\"n\">{e.Failed}</td><td class=\"n\">{e.Orphaned}</td>";

    public const string CountHeaders =
        "<th class=\"n\" title=\"added\">created</th><th class=\"n\">updated</th><th class=\"n\" title=\"not modified\">unchanged</th><th class=\"n\" title=\"errored\">failed</th><th class=\"n\" title=\"deleted\">orphaned</th>";
}
