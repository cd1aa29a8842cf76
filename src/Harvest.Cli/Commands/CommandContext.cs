using System.CommandLine;
using Harvest.Cli.Output;
using Harvest.Engine;
using Harvest.Engine.Logging;
using Harvest.Engine.Settings;
using Harvest.Harvesters;

namespace Harvest.Cli.Commands;

/// <summary>What every command needs: its output and, opened on first use, the engine.</summary>
internal sealed class CommandContext(TextWriter stdout, TextWriter stderr, GlobalOptions global) : IDisposable
{
    private HarvestEngine? _engine;

    public CliOutput Output { get; private set; } = new(stdout, stderr, json: false, verbose: false);

    public HarvestEngine Engine(ParseResult parsed)
    {
        OutputFor(parsed);
        if (_engine is not null) return _engine;
        var settings = Settings(parsed);
        return _engine = new HarvestEngine(settings, Output, BuiltInHarvesters.CreateRegistry(settings));
    }

    public HarvestSettings Settings(ParseResult parsed) => SettingsLoader.Load(parsed.GetValue(global.Settings));

    /// <summary>The output for this command line; long-running commands log every line to stderr.</summary>
    public CliOutput OutputFor(ParseResult parsed, bool alwaysVerbose = false) =>
        Output = new CliOutput(stdout, stderr, parsed.GetValue(global.Json), alwaysVerbose || parsed.GetValue(global.Verbose));

    /// <summary>Wraps a command body: user-facing failures become a message on stderr and exit code 2.</summary>
    public Command Action(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                return await body(parsed, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stderr.WriteLine("error: cancelled");
                return CliApp.Cancelled;
            }
            catch (Harvest.Engine.Jobs.JobRemovedException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return CliApp.JobAbortedElsewhere;
            }
            catch (HarvestException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return CliApp.BadInput;
            }
            catch (Exception e)
            {
                stderr.WriteLine($"error: unexpected failure: {e}");
                return CliApp.InternalError;
            }
        });
        return command;
    }

    /// <summary>The exit code of a command that ran a job: 4 when another process aborted it, 1 when it had errors.</summary>
    public int ExitCodeOf(Harvest.Engine.Model.JobReport report)
    {
        foreach (var warning in report.Warnings) stderr.WriteLine($"warning: {warning}");
        if (report.Job.Status == Harvest.Engine.Model.JobStatus.Aborted)
        {
            stderr.WriteLine($"error: job {report.JobId} was aborted by another process (job-abort, source remove) while it ran");
            return CliApp.JobAbortedElsewhere;
        }
        return report.HasErrors ? CliApp.JobHadErrors : CliApp.Success;
    }

    public Command Action(Command command, Func<ParseResult, int> body) =>
        Action(command, (parsed, _) => Task.FromResult(body(parsed)));

    public void Dispose() => _engine?.Dispose();
}
