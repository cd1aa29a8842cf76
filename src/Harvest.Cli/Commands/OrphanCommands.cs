using System.CommandLine;
using Harvest.Cli.Output;

namespace Harvest.Cli.Commands;

/// <summary>orphans, orphan republish and orphan delete: DKAN Harvest's "manage datasets" for datasets a source orphaned.</summary>
internal static class OrphanCommands
{
    public static IEnumerable<Command> Build(CommandContext context)
    {
        var orphan = new Command("orphan", "Re-publish an orphaned dataset or delete it for good");
        orphan.Subcommands.Add(Act(context, "republish", "Make an orphaned (deleted) dataset active again; the source's next complete harvest orphans it again if its record is still missing",
            (engine, id) => engine.Orphans.Republish(id), "re-published"));
        orphan.Subcommands.Add(Act(context, "delete", "Remove an orphaned (deleted) dataset for good; if its record comes back, the next harvest creates it anew",
            (engine, id) => engine.Orphans.Delete(id), "deleted for good"));
        return [List(context), orphan];
    }

    private static Command List(CommandContext context)
    {
        var source = new Option<string?>("--source") { Description = "Only datasets this source orphaned (id or name)" };
        var command = new Command("orphans", "List orphaned datasets: those a source marked deleted because their record left it or was filtered out") { source };
        return context.Action(command, parsed =>
        {
            var datasets = context.Engine(parsed).Orphans.List(parsed.GetValue(source));
            context.Output.Result(datasets.Select(Views.Dataset), w => TextTables.Datasets(w, datasets));
            return CliApp.Success;
        });
    }

    private static Command Act(CommandContext context, string name, string description, Func<Engine.HarvestEngine, string, Engine.Model.Dataset> act, string done)
    {
        var datasets = new Argument<string[]>("dataset") { Description = "Dataset ids or names", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { datasets };
        return context.Action(command, parsed =>
        {
            var engine = context.Engine(parsed);
            var results = parsed.GetValue(datasets)!.Select(id => act(engine, id)).ToList();
            context.Output.Result(results.Select(Views.Dataset), w =>
            {
                foreach (var d in results) w.WriteLine($"{done}: dataset '{d.Name}'");
            });
            return CliApp.Success;
        });
    }
}
