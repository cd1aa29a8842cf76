using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>Remote catalogs for the hosted pipelines: in-test HTTP servers on 127.0.0.1 and files in a session's folder.</summary>
public static class Catalogs
{
    /// <summary>A data.json catalog of <paramref name="count"/> records named with the prefix (the first <paramref name="invalid"/> lack a title).</summary>
    public static string DataJson(string prefix, int count, int invalid = 0) =>
        DataJsonBuilder.Catalog([.. Enumerable.Range(1, count).Select(i => i <= invalid
            ? (object)new Dictionary<string, object?> { ["identifier"] = $"{prefix}-{i}" }
            : DataJsonBuilder.Record($"{prefix}-{i}", $"{prefix} dataset {i}", null, prefix, "test"))]);

    /// <summary>Serves one catalog at every path.</summary>
    public static Task<LoopbackServer> ServeAsync(string body) => LoopbackServer.ServingAsync(body);

    /// <summary>
    /// A catalog that trickles out: the opening, then one record every <paramref name="interval"/>, for at most
    /// <paramref name="records"/> records; a client that goes away ends it. A harvest of it is in its gather for as long as it lasts.
    /// </summary>
    public static Task<LoopbackServer> TrickleAsync(int records, TimeSpan interval) =>
        LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"dataset\": [\n", context.RequestAborted);
            for (var i = 1; i <= records && !context.RequestAborted.IsCancellationRequested; i++)
            {
                var record = Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                    DataJsonBuilder.Record($"slow-{i}", $"Slow dataset {i}")));
                await context.Response.WriteAsync((i > 1 ? ",\n" : "") + record, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(interval, context.RequestAborted);
            }
            await context.Response.WriteAsync("]}", context.RequestAborted);
        });
}
