using System.CommandLine;
using Harvest.Cli.Output;
using Harvest.Engine.Jobs;
using Harvest.Engine.Model;

namespace Harvest.Cli.Commands;

/// <summary>job, jobs, job-abort, run-test, import and job-report.</summary>
internal static class JobCommands
{
    public static IEnumerable<Command> Build(CommandContext context) =>
        [Create(context), List(context), Abort(context), RunTest(context), Reimport(context), Report(context)];

    private static Command Create(CommandContext context)
    {
        var source = new Argument<string>("source") { Description = "Source id or name" };
        var command = new Command("job", "Create a New job for a source (run-test, or later the run command, carries it out)") { source };
        return context.Action(command, parsed =>
        {
            var job = context.Engine(parsed).Jobs.Create(parsed.GetValue(source)!);
            context.Output.Result(Views.Job(job), w => w.WriteLine($"created job {job.JobId}"));
            return CliApp.Success;
        });
    }

    private static Command List(CommandContext context)
    {
        var source = new Option<string?>("--source") { Description = "Only jobs of this source (id or name)" };
        var status = new Option<JobStatus?>("--status") { Description = "Only jobs with this status: New, Running, Finished or Aborted" };
        var command = new Command("jobs", "List harvest jobs, newest first") { source, status };
        return context.Action(command, parsed =>
        {
            var jobs = context.Engine(parsed).Jobs.List(parsed.GetValue(source), parsed.GetValue(status));
            context.Output.Result(jobs.Select(Views.Job), w => TextTables.Jobs(w, jobs));
            return CliApp.Success;
        });
    }

    private static Command Abort(CommandContext context)
    {
        var target = new Argument<string>("source-or-job") { Description = "A job id, or a source id or name whose New or Running job is aborted" };
        var command = new Command("job-abort", "Abort a job") { target };
        return context.Action(command, parsed =>
        {
            var job = context.Engine(parsed).Jobs.Abort(parsed.GetValue(target)!);
            context.Output.Result(Views.Job(job), w => TextTables.Job(w, job));
            return CliApp.Success;
        });
    }

    private static Command RunTest(CommandContext context)
    {
        var source = new Argument<string>("source") { Description = "Source id or name" };
        var force = new Option<string?>("--force-import") { Description = "Comma-separated guids to import even when unchanged" };
        var command = new Command("run-test", "Run gather, fetch and import of a source now, in this process, and print the job report") { source, force };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var guids = (parsed.GetValue(force) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            var report = await context.Engine(parsed).Jobs.RunNowAsync(parsed.GetValue(source)!, new RunOptions { ForceImportGuids = guids }, cancellationToken);
            context.Output.Result(Views.Report(report), w => TextTables.Report(w, report));
            return context.ExitCodeOf(report);
        });
    }

    private static Command Reimport(CommandContext context)
    {
        var source = new Argument<string?>("source") { Description = "Source id or name", Arity = ArgumentArity.ZeroOrOne };
        var objectId = new Option<string?>("--object") { Description = "Only this harvest object" };
        var dataset = new Option<string?>("--dataset") { Description = "Only the current object of this dataset (id or name)" };
        var guid = new Option<string?>("--guid") { Description = "Only the current object with this guid" };
        var noJoin = new Option<bool>("--no-join") { Description = "Also re-import objects whose dataset is deleted" };
        var segments = new Option<string?>("--segments") { Description = "Only objects whose id starts with one of these hex digits (split work between processes)" };
        var command = new Command("import", "Import stored objects again, without fetching anything (current objects by default)")
        {
            source, objectId, dataset, guid, noJoin, segments,
        };
        return context.Action(command, (parsed, cancellationToken) =>
        {
            var segmentText = parsed.GetValue(segments);
            if (segmentText is not null && !segmentText.All(Uri.IsHexDigit))
                throw new Engine.HarvestException($"--segments must be hex digits (0-9, a-f), not '{segmentText}'");
            var result = context.Engine(parsed).Jobs.Reimport(new ReimportRequest
            {
                Source = parsed.GetValue(source), ObjectId = parsed.GetValue(objectId), DatasetId = parsed.GetValue(dataset),
                Guid = parsed.GetValue(guid), IncludeObjectsOfDeletedDatasets = parsed.GetValue(noJoin), Segments = segmentText?.ToLowerInvariant(),
            }, cancellationToken);
            context.Output.Result(Views.Reimport(result), w => TextTables.Reimport(w, result));
            return Task.FromResult(result.ByStatus.GetValueOrDefault(ReportStatus.Errored) > 0 ? CliApp.JobHadErrors : CliApp.Success);
        });
    }

    private static Command Report(CommandContext context)
    {
        var job = new Argument<string>("job") { Description = "Job id" };
        var command = new Command("job-report", "Show what a job did: counts, gather errors and object errors") { job };
        return context.Action(command, parsed =>
        {
            var report = context.Engine(parsed).Jobs.Report(parsed.GetValue(job)!);
            context.Output.Result(Views.Report(report), w => TextTables.Report(w, report));
            return CliApp.Success;
        });
    }
}
