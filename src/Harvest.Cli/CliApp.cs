using System.CommandLine;
using Harvest.Cli.Commands;
using Harvest.Cli.Output;
using Harvest.Engine;

namespace Harvest.Cli;

/// <summary>
/// The `harvester` command line: ckanext-harvest's commands over the engine. Exit codes: 0 success,
/// 1 a job finished with errored records or gather errors, 2 bad usage or bad input, 3 an unexpected failure, 130 cancelled (Ctrl+C).
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int JobHadErrors = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
    public const int Cancelled = 130;

    internal static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document on stdout", Recursive = true };
    internal static readonly Option<string?> Settings = new("--settings")
    {
        Description = "Settings file to use instead of HARVEST_CONFIG or the default one", Recursive = true,
    };
    internal static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Write the harvest log to stderr", Recursive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("Harvest: harvest open-data catalogs (CKAN, DCAT-US data.json) into a local catalog.");
        root.Options.Add(Json);
        root.Options.Add(Settings);
        root.Options.Add(Verbose);
        var context = new CommandContext(stdout, stderr);
        foreach (var command in SourceCommands.Build(context)
                     .Concat(JobCommands.Build(context))
                     .Concat(CatalogCommands.Build(context))
                     .Append(HarvestCommand.Build(context)))
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
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }
        finally
        {
            context.Dispose();
        }
    }
}
