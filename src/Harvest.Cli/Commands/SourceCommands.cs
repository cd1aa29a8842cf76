using System.CommandLine;
using Harvest.Cli.Output;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;

namespace Harvest.Cli.Commands;

/// <summary>source create/show/update/remove/clear/clear-history/delete, and sources.</summary>
internal static class SourceCommands
{
    public static IEnumerable<Command> Build(CommandContext context)
    {
        var source = new Command("source", "Create, show, change, deactivate or clear a harvest source");
        source.Subcommands.Add(Create(context));
        source.Subcommands.Add(Show(context));
        source.Subcommands.Add(Update(context));
        source.Subcommands.Add(Simple(context, "remove", "Deactivate a source: it is no longer harvested, its New jobs are aborted; datasets stay",
            (engine, id) => engine.Sources.Deactivate(id)));
        source.Subcommands.Add(Simple(context, "clear", "Remove a source's datasets, jobs and objects; the source stays",
            (engine, id) => engine.Sources.Clear(id)));
        source.Subcommands.Add(Simple(context, "delete", "Remove a source with its datasets, jobs and objects",
            (engine, id) => engine.Sources.Delete(id)));
        source.Subcommands.Add(ClearHistory(context));
        return [source, List(context)];
    }

    private static Argument<string> SourceArgument() => new("source") { Description = "Source id or name" };

    private static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "Unique name: lower case letters, digits, '-' and '_'" };
        var url = new Argument<string>("url") { Description = "Catalog URL, file:// URL or local path" };
        var type = new Argument<string>("type") { Description = "Harvester type (see harvesters-info)" };
        var options = new SourceOptions();
        var command = new Command("create", "Create a harvest source") { name, url, type };
        options.AddTo(command);
        return context.Action(command, parsed =>
        {
            var engine = context.Engine(parsed);
            var created = engine.Sources.Create(new NewSourceRequest
            {
                Name = parsed.GetValue(name)!, Url = parsed.GetValue(url)!, Type = parsed.GetValue(type)!,
                Title = parsed.GetValue(options.Title), Description = parsed.GetValue(options.Description),
                Frequency = parsed.GetValue(options.Frequency) ?? HarvestFrequency.Manual,
                Organization = parsed.GetValue(options.Organization), Config = parsed.GetValue(options.Config),
            });
            context.Output.Result(Views.Source(created), w => w.WriteLine($"created source '{created.Name}' ({created.SourceId})"));
            return CliApp.Success;
        });
    }

    private static Command Show(CommandContext context)
    {
        var sourceArgument = SourceArgument();
        var command = new Command("show", "Show a harvest source") { sourceArgument };
        return context.Action(command, parsed =>
        {
            var found = context.Engine(parsed).Sources.Get(parsed.GetValue(sourceArgument)!);
            context.Output.Result(Views.Source(found), w => TextTables.Source(w, found));
            return CliApp.Success;
        });
    }

    private static Command Update(CommandContext context)
    {
        var newName = new Option<string?>("--name") { Description = "New name" };
        var url = new Option<string?>("--url") { Description = "New catalog URL or path" };
        var type = new Option<string?>("--type") { Description = "New harvester type" };
        var active = new Option<bool?>("--active") { Description = "true to reactivate, false to deactivate" };
        var options = new SourceOptions();
        var sourceArgument = SourceArgument();
        var command = new Command("update", "Change a harvest source; options not given stay as they are") { sourceArgument, newName, url, type, active };
        options.AddTo(command);
        return context.Action(command, parsed =>
        {
            var updated = context.Engine(parsed).Sources.Update(parsed.GetValue(sourceArgument)!, new SourceUpdateRequest
            {
                Name = parsed.GetValue(newName), Url = parsed.GetValue(url), Type = parsed.GetValue(type),
                Title = parsed.GetValue(options.Title), Description = parsed.GetValue(options.Description),
                Frequency = parsed.GetValue(options.Frequency), Organization = parsed.GetValue(options.Organization),
                Config = parsed.GetValue(options.Config), Active = parsed.GetValue(active),
            });
            context.Output.Result(Views.Source(updated), w => w.WriteLine($"updated source '{updated.Name}'"));
            return CliApp.Success;
        });
    }

    private static Command ClearHistory(CommandContext context)
    {
        var optionalSource = new Argument<string?>("source") { Description = "Source id or name; all sources when left out", Arity = ArgumentArity.ZeroOrOne };
        var keepCurrent = new Option<bool>("--keep-current") { Description = "Keep the jobs and objects that hold current objects" };
        var command = new Command("clear-history", "Remove finished jobs and their objects, the oldest first, at most 1000 per call") { optionalSource, keepCurrent };
        return context.Action(command, parsed =>
        {
            var result = context.Engine(parsed).Sources.ClearHistoryBatch(parsed.GetValue(optionalSource), parsed.GetValue(keepCurrent));
            context.Output.Result(new { jobsRemoved = result.JobsRemoved, remaining = result.Remaining },
                w => w.WriteLine($"removed {result.JobsRemoved} jobs" + (result.Remaining > 0 ? $"; {result.Remaining} remain: run clear-history again" : "")));
            return CliApp.Success;
        });
    }

    private static Command List(CommandContext context)
    {
        var all = new Option<bool>("--all") { Description = "Include inactive sources" };
        var command = new Command("sources", "List harvest sources") { all };
        return context.Action(command, parsed =>
        {
            var sources = context.Engine(parsed).Sources.List(parsed.GetValue(all));
            context.Output.Result(sources.Select(Views.Source), w => TextTables.Sources(w, sources));
            return CliApp.Success;
        });
    }

    private static Command Simple(CommandContext context, string name, string description, Func<Engine.HarvestEngine, string, HarvestSource> act)
    {
        var sourceArgument = SourceArgument();
        var command = new Command(name, description) { sourceArgument };
        return context.Action(command, parsed =>
        {
            var result = act(context.Engine(parsed), parsed.GetValue(sourceArgument)!);
            context.Output.Result(Views.Source(result), w => w.WriteLine($"{name}: source '{result.Name}' done"));
            return CliApp.Success;
        });
    }

    /// <summary>The options source create and source update share.</summary>
    private sealed class SourceOptions
    {
        public Option<string?> Title { get; } = new("--title") { Description = "Title shown for the source" };
        public Option<string?> Description { get; } = new("--description") { Description = "What the source is" };
        public Option<HarvestFrequency?> Frequency { get; } = new("--frequency") { Description = "Manual, Always, Daily, Weekly, Biweekly or Monthly" };
        public Option<string?> Organization { get; } = new("--organization") { Description = "Organization that owns the source's datasets when a record names none" };
        public Option<string?> Config { get; } = new("--config") { Description = "The source's own JSON config (see harvesters-info)" };

        public void AddTo(Command command)
        {
            command.Options.Add(Title);
            command.Options.Add(Description);
            command.Options.Add(Frequency);
            command.Options.Add(Organization);
            command.Options.Add(Config);
        }
    }
}
