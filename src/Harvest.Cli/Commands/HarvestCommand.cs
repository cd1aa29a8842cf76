using System.CommandLine;
using Harvest.Cli.Output;

namespace Harvest.Cli.Commands;

/// <summary>
/// The one-command harvest: uses the source that already harvests URL (or creates one named after it)
/// and runs all stages now, like run-test.
/// </summary>
internal static class HarvestCommand
{
    public static Command Build(CommandContext context)
    {
        var url = new Argument<string>("url") { Description = "Catalog URL, file:// URL or local path" };
        var type = new Option<string>("--type") { Description = "Harvester type (see harvesters-info)", DefaultValueFactory = _ => "datajson" };
        var name = new Option<string?>("--name") { Description = "Name for the source when it is created (default: from the URL)" };
        var command = new Command("harvest", "Harvest a catalog now: the source for URL is created on first use, then all stages run") { url, type, name };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var engine = context.Engine(parsed);
            var source = engine.Sources.FindOrCreate(parsed.GetValue(url)!, parsed.GetValue(type)!, parsed.GetValue(name));
            var report = await engine.Jobs.RunNowAsync(source.SourceId, cancellationToken: cancellationToken);
            context.Output.Result(Views.Report(report), w => TextTables.Report(w, report));
            return context.ExitCodeOf(report);
        });
    }
}
