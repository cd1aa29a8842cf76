using System.CommandLine;
using Harvest.Cli.Output;

namespace Harvest.Cli.Commands;

/// <summary>log (ckanext-harvest's harvest_log_list) and clean-harvest-log.</summary>
internal static class LogCommands
{
    public static IEnumerable<Command> Build(CommandContext context) => [List(context), Clean(context)];

    private static Command List(CommandContext context)
    {
        var level = new Option<string?>("--level") { Description = "Only entries of this level: debug, info, warning or error" };
        var limit = new Option<int>("--limit") { Description = "At most this many entries (default 100)", DefaultValueFactory = _ => 100 };
        var offset = new Option<int>("--offset") { Description = "Skip this many of the newest entries first" };
        var command = new Command("log", "List the database log, newest first (written when the log_scope setting is 0 or more)") { level, limit, offset };
        return context.Action(command, parsed =>
        {
            var entries = context.Engine(parsed).Logs.List(parsed.GetValue(level), parsed.GetValue(limit), parsed.GetValue(offset));
            context.Output.Result(entries.Select(LogOutput.Entry), w => LogOutput.Entries(w, entries));
            return CliApp.Success;
        });
    }

    private static Command Clean(CommandContext context)
    {
        var command = new Command("clean-harvest-log", "Remove database log entries older than the log_timeframe setting (days, default 30)");
        return context.Action(command, parsed =>
        {
            var result = context.Engine(parsed).Logs.Clean();
            context.Output.Result(LogOutput.Clean(result),
                w => w.WriteLine($"removed {result.EntriesRemoved} log entries written before {result.Cutoff:u}"));
            return CliApp.Success;
        });
    }
}
