using System.CommandLine;
using Harvest.Cli.Output;

namespace Harvest.Cli.Commands;

/// <summary>gather and fetch: one stage of a job now, in this process, for scripts that split the stages without consumers.</summary>
internal static class StageCommands
{
    public static IEnumerable<Command> Build(CommandContext context) => [Gather(context), Fetch(context)];

    private static Command Gather(CommandContext context)
    {
        var target = new Argument<string>("job-or-source") { Description = "A New job's id, or a source id or name (its New job, created when it has none)" };
        var command = new Command("gather", "Gather a New job now, in this process: its objects are written and queued for fetch") { target };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var job = await context.Engine(parsed).Jobs.GatherNowAsync(parsed.GetValue(target)!, cancellationToken);
            context.Output.Result(Views.Job(job), w => TextTables.Job(w, job));
            return job.GatherErrorCount > 0 ? CliApp.JobHadErrors : CliApp.Success;
        });
    }

    private static Command Fetch(CommandContext context)
    {
        var job = new Argument<string>("job") { Description = "The id of a gathered job" };
        var command = new Command("fetch", "Fetch and import a gathered job's waiting objects now, in this process, and print the job report") { job };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var report = await context.Engine(parsed).Jobs.FetchNowAsync(parsed.GetValue(job)!, cancellationToken: cancellationToken);
            context.Output.Result(Views.Report(report), w => TextTables.Report(w, report));
            return report.HasErrors ? CliApp.JobHadErrors : CliApp.Success;
        });
    }
}
