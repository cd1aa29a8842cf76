using System.CommandLine;
using Harvest.Cli.Output;

namespace Harvest.Cli.Commands;

/// <summary>initdb, harvesters-info and datasets.</summary>
internal static class CatalogCommands
{
    public static IEnumerable<Command> Build(CommandContext context) => [InitDb(context), HarvestersInfo(context), Datasets(context)];

    private static Command InitDb(CommandContext context)
    {
        var command = new Command("initdb", "Create or upgrade the store's tables (also done on first use)");
        return context.Action(command, parsed =>
        {
            var store = context.Engine(parsed).Initialize();
            context.Output.Result(new { database = store.Database, schemaVersion = store.SchemaVersion },
                w => w.WriteLine($"store {store.Database} is at schema version {store.SchemaVersion}"));
            return CliApp.Success;
        });
    }

    private static Command HarvestersInfo(CommandContext context)
    {
        var command = new Command("harvesters-info", "List the harvester types and their config keys");
        return context.Action(command, parsed =>
        {
            var harvesters = context.Engine(parsed).Registry.List();
            context.Output.Result(harvesters.Select(Views.Harvester), w =>
            {
                foreach (var h in harvesters)
                {
                    w.WriteLine($"{h.Name}: {h.Title}");
                    w.WriteLine($"  {h.Description}");
                    if (h.Assembly is not null) w.WriteLine($"  plug-in: {h.Assembly}");
                    foreach (var key in h.ConfigKeys)
                        w.WriteLine($"  config {key.Key} ({key.Type}): {key.Description}");
                }
            });
            return CliApp.Success;
        });
    }

    private static Command Datasets(CommandContext context)
    {
        var source = new Option<string?>("--source") { Description = "Only datasets harvested by this source (id or name)" };
        var search = new Option<string?>("--search") { Description = "Only datasets whose name, title or description contains this text" };
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "Also list datasets marked deleted" };
        var command = new Command("datasets", "List datasets of the local catalog") { source, search, includeDeleted };
        return context.Action(command, parsed =>
        {
            var datasets = context.Engine(parsed).Datasets(parsed.GetValue(source), parsed.GetValue(search), parsed.GetValue(includeDeleted));
            context.Output.Result(datasets.Select(Views.Dataset), w => TextTables.Datasets(w, datasets));
            return CliApp.Success;
        });
    }
}
