using System.CommandLine;
using Harvest.Cli.Output;
using Harvest.Engine.Preview;

namespace Harvest.Cli.Commands;

/// <summary>
/// Dry run: what a harvest of a saved source (or of an unsaved URL, type and config) would do with each record,
/// with nothing written to the store.
/// </summary>
internal static class PreviewCommand
{
    public static Command Build(CommandContext context)
    {
        var source = new Argument<string?>("source") { Description = "Source id or name (or use --url for a source that is not saved)", Arity = ArgumentArity.ZeroOrOne };
        var url = new Option<string?>("--url") { Description = "Preview this catalog URL or local path without saving a source" };
        var type = new Option<string>("--type") { Description = "Harvester type, with --url (see harvesters-info)", DefaultValueFactory = _ => "datajson" };
        var config = new Option<string?>("--config") { Description = "The source's JSON config, with --url (filters, excludes, overrides, defaults, validator_schema, ...)" };
        var command = new Command("preview",
            "Show what a harvest would do per record (create, update, unchanged, delete, filtered, excluded, invalid) without writing anything")
            { source, url, type, config };
        return context.Action(command, async (parsed, cancellationToken) =>
        {
            var name = parsed.GetValue(source);
            var address = parsed.GetValue(url);
            if ((name is null) == (address is null))
                throw new PreviewUsageException("give either a source (id or name) or --url, not both");
            if (name is not null && (parsed.GetResult(type) is { Implicit: false } || parsed.GetValue(config) is not null))
                throw new PreviewUsageException("--type and --config go with --url; a saved source uses its own");
            var engine = context.Engine(parsed);
            var report = name is not null
                ? await engine.Preview.PreviewSourceAsync(name, cancellationToken)
                : await engine.Preview.PreviewUrlAsync(address!, parsed.GetValue(type)!, parsed.GetValue(config), cancellationToken);
            context.Output.Result(View(report), w => Text(w, report));
            return report.GatherErrors.Count > 0 || report.Records.Any(r => r.Action == PreviewAction.Invalid) ? CliApp.JobHadErrors : CliApp.Success;
        });
    }

    private static object View(PreviewReport report) => new
    {
        sourceId = report.SourceId, url = report.Url, type = report.Type,
        counts = report.Counts.ToDictionary(c => Word(c.Key), c => c.Value),
        gatherErrors = report.GatherErrors,
        records = report.Records.Select(r => new { guid = r.Guid, title = r.Title, action = Word(r.Action), reason = r.Reason, datasetId = r.DatasetId }),
    };

    private static string Word(PreviewAction action) => action.ToString().ToLowerInvariant();

    private static void Text(TextWriter w, PreviewReport report)
    {
        w.WriteLine($"preview of {report.Type}: {report.Url} (nothing was written)");
        foreach (var error in report.GatherErrors) w.WriteLine($"gather error: {error}");
        foreach (var r in report.Records)
            w.WriteLine($"{Word(r.Action),-9} {(r.Guid.Length == 0 ? "(no guid)" : r.Guid)}  {r.Title}{(r.Reason is null ? "" : $"  [{r.Reason}]")}");
        w.WriteLine(string.Join(", ", report.Counts.Select(c => $"{Word(c.Key)} {c.Value}")));
    }

    private sealed class PreviewUsageException(string message) : Engine.HarvestException(message);
}
