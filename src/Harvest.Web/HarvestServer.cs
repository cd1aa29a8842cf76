using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Harvesters;
using Harvest.Web.Access;
using Harvest.Web.Api;
using Harvest.Web.Catalog;
using Harvest.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harvest.Web;

/// <summary>
/// The dashboard, the harvest API and the local catalog served out (CKAN's read API and data.json), over one
/// engine per request with the same settings and store as the other hosts. Stops when its token is cancelled.
/// </summary>
public sealed class HarvestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BackgroundHarvests _harvests;
    private readonly IHarvestOutput _output;

    private HarvestServer(WebApplication app, BackgroundHarvests harvests, IHarvestOutput output)
    {
        _app = app;
        _harvests = harvests;
        _output = output;
    }

    /// <summary>The addresses the server listens on, known once it has started (port 0 resolved).</summary>
    public IReadOnlyList<string> Urls =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Checks the options (a non-loopback address needs api_tokens) and builds the server; nothing listens yet.</summary>
    public static HarvestServer Create(ServerOptions options)
    {
        var access = new AccessPolicy(options.Settings.ApiTokens);
        BindingCheck.Verify(options.Urls, access);
        var registry = options.Registry ?? BuiltInHarvesters.CreateRegistry(options.Settings);
        var engines = new EngineFactory(options.Settings, registry, options.Output);
        // Opening one engine checks the settings and migrates the store before the first request.
        using (var engine = engines.Open()) engine.Initialize();
        var harvests = new BackgroundHarvests(engines, options.Output);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. options.Urls]);
        // The caller's token stops the server: no console handlers of our own (pwsh keeps its Ctrl+C).
        builder.Services.AddSingleton<IHostLifetime, CallerLifetime>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton(engines);
        builder.Services.AddSingleton(harvests);
        builder.Services.AddScoped(_ => engines.Open());
        var app = builder.Build();

        app.UseMiddleware<SecurityHeaders>();
        DashboardRoutes.Map(app);
        ActionApi.Map(app);
        DataJsonEndpoint.Map(app);
        return new HarvestServer(app, harvests, options.Output);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        foreach (var url in Urls) _output.Log(HarvestLogLevel.Info, $"listening on {url}");
    }

    /// <summary>Serves until the token is cancelled, then stops: harvests started from the dashboard are cancelled (their jobs end Aborted).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await StartAsync(stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await StopAsync();
    }

    public async Task StopAsync()
    {
        _output.Log(HarvestLogLevel.Info, "stopping");
        await _harvests.StopAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _harvests.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CallerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Pages may not be framed, sniffed or run scripts from elsewhere.</summary>
    private sealed class SecurityHeaders(RequestDelegate next)
    {
        public Task InvokeAsync(HttpContext context)
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            return next(context);
        }
    }
}
