using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harvest.Engine.Tests.Support;

/// <summary>An HTTP server on 127.0.0.1 with a free port, playing a remote catalog; one request handler for every path.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int RequestCount => _requests;
    private int _requests;

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref server!._requests);
            await handler(context);
        });
        await app.StartAsync();
        server = new LoopbackServer(app, app.Urls.First().TrimEnd('/'));
        return server;
    }

    /// <summary>Serves one fixed body with a status code for every request.</summary>
    public static Task<LoopbackServer> ServingAsync(string body, int status = 200, string contentType = "application/json") =>
        StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
