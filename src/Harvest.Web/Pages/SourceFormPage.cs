using System.Text;
using Harvest.Engine;
using Harvest.Engine.Model;
using Microsoft.AspNetCore.Http;
using static Harvest.Web.Pages.Html;

namespace Harvest.Web.Pages;

/// <summary>The form that creates or edits a source; a refused config comes back with the CLI's messages.</summary>
public static class SourceFormPage
{
    /// <summary>What the form shows: a source's values, or what was posted.</summary>
    public sealed record Values(string Name, string Url, string Type, string Title, string Description, string Frequency, string Organization, string Config, bool Active)
    {
        public static Values Empty(string type) => new("", "", type, "", "", nameof(HarvestFrequency.Manual), "", "{}", true);

        public static Values Of(HarvestSource s) =>
            new(s.Name, s.Url, s.Type, s.Title ?? "", s.Description ?? "", s.Frequency.ToString(), s.Organization ?? "", s.RedactedConfig, s.Active);

        public static Values Of(IFormCollection form) => new(
            form["name"].ToString().Trim(), form["url"].ToString().Trim(), form["type"].ToString(), form["title"].ToString().Trim(),
            form["description"].ToString().Trim(), form["frequency"].ToString(), form["organization"].ToString().Trim(),
            form["config"].ToString(), form["active"].ToString() == "yes");
    }

    public static string Render(HttpContext context, HarvestEngine engine, Values values, HarvestSource? existing, IReadOnlyList<string> errors)
    {
        var action = existing is null ? "/sources/new" : $"/source/{U(existing.Name)}/edit";
        var types = new StringBuilder();
        foreach (var info in engine.Registry.List())
            types.Append($"<option value=\"{E(info.Name)}\"{(string.Equals(info.Name, values.Type, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(info.Title)} ({E(info.Name)})</option>");
        var frequencies = string.Concat(Enum.GetNames<HarvestFrequency>()
            .Select(f => $"<option{(f == values.Frequency ? " selected" : "")}>{E(f)}</option>"));
        var keys = new StringBuilder();
        foreach (var info in engine.Registry.List())
        {
            keys.Append($"<h3>{E(info.Name)}</h3><p class=\"note\">{E(info.Description)}</p><ul>");
            foreach (var key in info.ConfigKeys) keys.Append($"<li><code>{E(key.Key)}</code> ({E(key.Type)}): {E(key.Description)}</li>");
            keys.Append("</ul>");
        }
        var errorList = errors.Count == 0
            ? ""
            : $"<div class=\"error\" id=\"errors\" role=\"alert\">{string.Concat(errors.Select(e => $"<p>{E(e)}</p>"))}</div>";
        var title = existing is null ? "New harvest source" : $"Edit {existing.Name}";
        var body = $"""
            <h1>{E(title)}</h1>
            <section>
            {errorList}
            <form method="post" action="{E(action)}" class="edit">
              {CsrfField(context)}
              <label for="name">Name <span class="hint">lower case letters, digits, '-' and '_'</span></label>
              <input type="text" id="name" name="name" value="{E(values.Name)}" required>
              <label for="url">URL <span class="hint">the catalog: a data.json file, a CKAN site's base URL, ...</span></label>
              <input type="text" id="url" name="url" value="{E(values.Url)}" required>
              <label for="type">Type</label>
              <select id="type" name="type">{types}</select>
              <label for="title">Title</label>
              <input type="text" id="title" name="title" value="{E(values.Title)}">
              <label for="description">Description</label>
              <input type="text" id="description" name="description" value="{E(values.Description)}">
              <label for="frequency">Frequency</label>
              <select id="frequency" name="frequency">{frequencies}</select>
              <label for="organization">Organization <span class="hint">owns the datasets when a record names none</span></label>
              <input type="text" id="organization" name="organization" value="{E(values.Organization)}">
              <label for="config">Config <span class="hint">JSON, checked by the type's harvester</span></label>
              <textarea id="config" name="config">{E(values.Config)}</textarea>
              {(existing is null ? "" : $"<label><input type=\"checkbox\" name=\"active\" value=\"yes\"{(values.Active ? " checked" : "")}> Active</label>")}
              <p><button type="submit" class="primary">{(existing is null ? "Create source" : "Save")}</button></p>
            </form>
            </section>
            <section><details><summary>Config keys by type</summary>{keys}</details></section>
            """;
        return Layout.Page(context, title, body);
    }
}
