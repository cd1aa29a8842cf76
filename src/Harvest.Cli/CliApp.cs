using System.CommandLine;
using Harvest.Cli.Commands;
using Harvest.Cli.Output;
using Harvest.Engine;

namespace Harvest.Cli;

/// <summary>
/// The `harvester` command line: ckanext-harvest's commands over the engine. Exit codes: 0 success,
/// 1 a job finished with errored records or gather errors, 2 bad usage or bad input, 3 an unexpected failure,
/// 4 the job run-test or harvest was running was aborted or removed by another process, 130 cancelled (Ctrl+C).
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int JobHadErrors = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
    public const int JobAbortedElsewhere = 4;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default)
    {
        stdout ??= Console.Out;
        // Messages quote remote text (titles, URLs, server answers): never let it drive the terminal.
        // Synchronized: the engine's status mail sender logs from a thread of its own.
        stderr = TextWriter.Synchronized(new TerminalSafeWriter(stderr ?? Console.Error));
        var root = new RootCommand("Harvest: harvest open-data catalogs (CKAN, DCAT-US data.json) into a local catalog.");
        // Every symbol belongs to this run's tree: a symbol shared between runs would keep each run's tree
        // (and its writers) alive through its parent list, which System.CommandLine grows without locking.
        var global = new GlobalOptions();
        root.Options.Add(global.Json);
        root.Options.Add(global.Settings);
        root.Options.Add(global.Verbose);
        var context = new CommandContext(stdout, stderr, global);
        foreach (var command in SourceCommands.Build(context)
                     .Concat(JobCommands.Build(context))
                     .Concat(StageCommands.Build(context))
                     .Concat(CatalogCommands.Build(context))
                     .Concat(QueueCommands.Build(context))
                     .Concat(LogCommands.Build(context))
                     .Concat(OrphanCommands.Build(context))
                     .Append(ServeCommand.Build(context))
                     .Append(HarvestCommand.Build(context))
                     .Append(PreviewCommand.Build(context)))
            root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("run 'harvester --help' for usage");
            return BadInput;
        }
        try
        {
            // After Ctrl+C or SIGTERM the command gets time to record its job as Aborted (a store write, slower on a busy
            // machine) before the process ends; System.CommandLine's own default is 2 s, after which it exits 130 regardless.
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        finally
        {
            context.Dispose();
        }
    }
}

/// <summary>The options every command takes, made once per run.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout", Recursive = true };

    public Option<string?> Settings { get; } = new("--settings")
    {
        Description = "Settings file to use instead of HARVEST_CONFIG or the default one", Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Write the harvest log to stderr", Recursive = true };
}
