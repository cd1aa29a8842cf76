using System.Net;
using Harvest.Engine;
using Harvest.Web.Access;
using Harvest.Web.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Web.Tests;

/// <summary>Who may read and change what: loopback reads, tokens for changes and remote reads, CSRF on forms, no network without tokens.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:80")]
    [InlineData("http://data.example.org:80")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://192.168.1.20:5000")]
    public void A_network_address_needs_tokens(string url)
    {
        var e = Assert.Throws<HarvestException>(() => BindingCheck.Verify([ServerOptions.DefaultUrl, url], new AccessPolicy(null)));
        Assert.Contains(url, e.Message);
        BindingCheck.Verify([url], new AccessPolicy("t1"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://127.0.0.2:443")]
    public void Loopback_addresses_need_none(string url) => BindingCheck.Verify([url], new AccessPolicy(null));

    [Fact]
    public void Reading_is_open_on_loopback_and_needs_a_token_from_elsewhere()
    {
        var access = new AccessPolicy("first, second\tthird");
        Assert.True(access.MayRead(Context("127.0.0.1")));
        Assert.True(access.MayRead(Context("::1")));
        Assert.False(access.MayRead(Context("10.1.2.3")));
        Assert.True(access.MayRead(Context("10.1.2.3", "Bearer second")));
        Assert.True(access.MayRead(Context("10.1.2.3", "third")));
        Assert.False(access.MayRead(Context("10.1.2.3", "Bearer fourth")));
        Assert.False(access.IsValidToken(""));
        Assert.False(access.IsValidToken("first,"));
        Assert.False(new AccessPolicy(" , ").HasTokens);
    }

    [Fact]
    public void A_session_cookie_stands_for_a_token_without_holding_it()
    {
        var access = new AccessPolicy("secret-token");
        var session = access.SessionFor("secret-token");
        Assert.DoesNotContain("secret-token", session);
        var context = Context("10.0.0.9");
        context.Request.Headers.Cookie = $"{AccessPolicy.SessionCookie}={session}";
        Assert.True(access.IsAuthenticated(context));
        Assert.False(access.HasHeaderToken(context));
        Assert.False(new AccessPolicy("secret-token").IsAuthenticated(context)); // another process's key
    }

    [Fact]
    public async Task Form_posts_need_a_login_and_the_forms_CSRF_value()
    {
        await using var server = await WebTestServer.StartAsync();
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl) };
        var login = await browser.GetStringAsync("/login");
        var csrf = System.Text.RegularExpressions.Regex.Match(login, "name=\"_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(csrf);

        using (var refused = await browser.PostAsync("/sources/new", Form(("_csrf", csrf), ("name", "aa"), ("url", "https://example.org/d.json"), ("type", "datajson"))))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var wrong = await browser.PostAsync("/login", Form(("_csrf", csrf), ("token", "nope"))))
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using (var forged = await browser.PostAsync("/login", Form(("_csrf", "forged"), ("token", WebTestServer.Token))))
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using (var ok = await browser.PostAsync("/login", Form(("_csrf", csrf), ("token", WebTestServer.Token))))
            Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
        Assert.DoesNotContain(WebTestServer.Token, cookies.GetCookieHeader(new Uri(server.BaseUrl)));

        using (var noCsrf = await browser.PostAsync("/sources/new", Form(("name", "aa"), ("url", "https://example.org/d.json"), ("type", "datajson"))))
            Assert.Equal(HttpStatusCode.Forbidden, noCsrf.StatusCode);
        using (var created = await browser.PostAsync("/sources/new", Form(("_csrf", csrf), ("name", "aa"), ("url", "https://example.org/d.json"), ("type", "datajson"), ("frequency", "Manual"), ("config", "{}"))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
            Assert.Equal("/source/aa", created.Headers.Location!.OriginalString);
        }
        using var engine = server.OpenEngine();
        Assert.Equal("aa", Assert.Single(engine.Sources.List()).Name);
    }

    [Fact]
    public async Task Without_tokens_the_dashboard_is_read_only()
    {
        await using var server = await WebTestServer.StartAsync(tokens: null);
        var page = await server.Http.GetStringAsync("/");
        Assert.Contains("read-only", page);
        using var refused = await server.Http.PostAsync("/sources/new", Form(("name", "aa")));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("no api_tokens", await refused.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static DefaultHttpContext Context(string address, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        return context;
    }
}
