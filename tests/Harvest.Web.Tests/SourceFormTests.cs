using System.Net;
using System.Text.RegularExpressions;
using Harvest.Engine.Sources;
using Harvest.Web.Tests.Support;

namespace Harvest.Web.Tests;

/// <summary>The source form never shows a secret of the config, and saving the form as shown keeps it.</summary>
public sealed partial class SourceFormTests
{
    [Fact]
    public async Task An_api_key_is_masked_in_the_pages_and_kept_when_the_form_is_saved()
    {
        const string key = "remote-secret-key-81b2";
        await using var server = await WebTestServer.StartAsync();
        using (var engine = server.OpenEngine())
            engine.Sources.Create(new NewSourceRequest { Name = "remote", Url = "https://ckan.example.org", Type = "ckan", Config = $$"""{"api_key": "{{key}}", "force_all": true}""" });
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl) };
        var csrf = Csrf().Match(await browser.GetStringAsync("/login")).Groups[1].Value;
        using (var login = await browser.PostAsync("/login", Form(("_csrf", csrf), ("token", WebTestServer.Token))))
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);

        var page = await browser.GetStringAsync("/source/remote");
        var edit = await browser.GetStringAsync("/source/remote/edit");
        var api = await browser.GetStringAsync("/api/3/action/harvest_source_show?id=remote");
        foreach (var text in new[] { page, edit, api }) Assert.DoesNotContain(key, text);
        var shownConfig = WebUtility.HtmlDecode(ConfigField().Match(edit).Groups[1].Value);
        Assert.Contains(ConfigSecrets.Mask, shownConfig);

        // Saved as shown (the masked key included), with another change: the key stays what it was.
        var changed = shownConfig.Replace("\"force_all\":true", "\"force_all\":false", StringComparison.Ordinal);
        using (var saved = await browser.PostAsync("/source/remote/edit", Form(("_csrf", csrf), ("name", "remote"), ("url", "https://ckan.example.org"),
                   ("type", "ckan"), ("title", "Remote"), ("description", ""), ("frequency", "Manual"), ("organization", ""), ("config", changed), ("active", "yes"))))
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        using var check = server.OpenEngine();
        var source = check.Sources.Get("remote");
        Assert.Contains(key, source.Config);
        Assert.Contains("\"force_all\":false", source.Config);
        Assert.Equal("Remote", source.Title);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();

    [GeneratedRegex("<textarea id=\"config\" name=\"config\">([^<]*)</textarea>")]
    private static partial Regex ConfigField();
}
