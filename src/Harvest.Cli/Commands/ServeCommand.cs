using System.CommandLine;
using Harvest.Harvesters;
using Harvest.Web;

namespace Harvest.Cli.Commands;

/// <summary>serve: the dashboard, the harvest API and the local catalog (CKAN read API, data.json) until stopped.</summary>
internal static class ServeCommand
{
    public static Command Build(CommandContext context)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Addresses to listen on, separated by ';' or repeated (default {ServerOptions.DefaultUrl}); a non-loopback address needs api_tokens",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Serve the dashboard, the harvest API, /api/3/action/package_search and /data.json until stopped (Ctrl+C or SIGTERM)") { urls };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var output = context.OutputFor(parsed, alwaysVerbose: true);
            var settings = context.Settings(parsed);
            var given = (parsed.GetValue(urls) ?? []).SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            await using var server = HarvestServer.Create(new ServerOptions
            {
                Settings = settings, Urls = given.Count > 0 ? given : [ServerOptions.DefaultUrl],
                Registry = BuiltInHarvesters.CreateRegistry(settings), Output = output,
            });
            await server.RunAsync(cancellationToken);
            return CliApp.Success;
        });
    }
}
