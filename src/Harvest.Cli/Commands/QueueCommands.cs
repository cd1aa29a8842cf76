using System.CommandLine;
using Harvest.Cli.Output;
using Harvest.Engine.Consumers;
using Harvest.Engine.Queues;
using Harvest.Harvesters;

namespace Harvest.Cli.Commands;

/// <summary>gather-consumer, fetch-consumer, run, job-all, abort-failed-jobs and purge-queues.</summary>
internal static class QueueCommands
{
    public static IEnumerable<Command> Build(CommandContext context) =>
    [
        Consumer(context, "gather-consumer", HarvestQueueKind.Gather, "Gather jobs from the gather queue until stopped (Ctrl+C or SIGTERM)"),
        Consumer(context, "fetch-consumer", HarvestQueueKind.Fetch, "Fetch and import objects from the fetch queue until stopped (Ctrl+C or SIGTERM)"),
        Run(context), JobAll(context), AbortFailedJobs(context), PurgeQueues(context),
    ];

    private static Command Consumer(CommandContext context, string name, HarvestQueueKind kind, string description)
    {
        var concurrency = new Option<int>("--concurrency") { Description = "Workers in this process", DefaultValueFactory = _ => 1 };
        var command = new Command(name, description) { concurrency };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var workers = parsed.GetValue(concurrency);
            if (workers is < 1 or > ConsumerHost.MaxConcurrency)
                throw new Engine.HarvestException($"--concurrency is {workers}, outside 1-{ConsumerHost.MaxConcurrency} (workers in one process; run more processes for more)");
            var output = context.OutputFor(parsed, alwaysVerbose: true);
            var settings = context.Settings(parsed);
            var host = new ConsumerHost(settings, BuiltInHarvesters.CreateRegistry(settings), kind, workers, output);
            await host.RunAsync(cancellationToken);
            return CliApp.Success;
        });
    }

    private static Command Run(CommandContext context)
    {
        var command = new Command("run", "Create jobs for sources that are due, queue New jobs, finish ended jobs, time out idle ones (run it from cron)");
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var engine = context.Engine(parsed);
            await using var queue = await engine.OpenQueueAsync(cancellationToken);
            var summary = await engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow, cancellationToken);
            context.Output.Result(new
            {
                jobsCreated = summary.JobsCreated, jobsQueued = summary.JobsQueued, jobsFinished = summary.JobsFinished, jobsTimedOut = summary.JobsTimedOut,
                itemsRequeued = summary.ItemsRequeued,
            }, w => w.WriteLine($"created {summary.JobsCreated}, queued {summary.JobsQueued}, finished {summary.JobsFinished}, timed out {summary.JobsTimedOut} jobs; queued {summary.ItemsRequeued} stuck items again"));
            return CliApp.Success;
        });
    }

    private static Command JobAll(CommandContext context)
    {
        var command = new Command("job-all", "Create a New job for every active source that has none New or Running");
        return context.Action(command, parsed =>
        {
            var created = context.Engine(parsed).Scheduler.CreateJobsForAllSources();
            context.Output.Result(created.Select(Views.Job), w => w.WriteLine($"created {created.Count} jobs"));
            return CliApp.Success;
        });
    }

    private static Command AbortFailedJobs(CommandContext context)
    {
        var days = new Argument<double>("life-span-days") { Description = "Abort Running jobs older than this many days", DefaultValueFactory = _ => 7, Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("abort-failed-jobs", "Abort jobs left Running longer than a life span (default 7 days)") { days };
        return context.Action(command, parsed =>
        {
            var lifeSpan = parsed.GetValue(days);
            if (!(lifeSpan is >= 0 and <= Engine.Jobs.Scheduler.MaxLifeSpanDays))
                throw new Engine.HarvestException($"abort-failed-jobs: DAYS is {lifeSpan}, outside 0-{Engine.Jobs.Scheduler.MaxLifeSpanDays} (days a job may stay Running)");
            var aborted = context.Engine(parsed).Scheduler.AbortFailedJobs(TimeSpan.FromDays(lifeSpan), DateTimeOffset.UtcNow);
            context.Output.Result(new { jobsAborted = aborted }, w => w.WriteLine($"aborted {aborted} jobs"));
            return CliApp.Success;
        });
    }

    private static Command PurgeQueues(CommandContext context)
    {
        var command = new Command("purge-queues", "Remove every item of this site's gather and fetch queues (other sites' queues are left alone)");
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var engine = context.Engine(parsed);
            await using var queue = await engine.OpenQueueAsync(cancellationToken);
            var removed = await queue.PurgeAsync(cancellationToken);
            context.Output.Result(new { itemsRemoved = removed }, w => w.WriteLine($"removed {removed} queue items"));
            return CliApp.Success;
        });
    }
}
