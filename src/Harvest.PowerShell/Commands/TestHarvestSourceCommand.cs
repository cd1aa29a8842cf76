using System.Management.Automation;
using Harvest.Engine;
using Harvest.Engine.Model;
using Harvest.Engine.Preview;

namespace Harvest.PowerShell.Commands;

/// <summary>
/// Test-HarvestSource: a dry run (DKAN's harvest preview). Gathers, fetches, shapes and validates the records of a
/// saved source, or of a URL with a type and config that are not saved, and writes what a harvest would do with each
/// record as a PreviewRecord. Nothing is written to the store.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HarvestSource", DefaultParameterSetName = ByName)]
[OutputType(typeof(PreviewRecord))]
public sealed class TestHarvestSourceCommand : SourceCmdlet
{
    private const string ByUrl = "ByUrl";

    /// <summary>A catalog URL or local path to preview without saving a source.</summary>
    [Parameter(ParameterSetName = ByUrl, Mandatory = true)]
    public string Url { get; set; } = "";

    [Parameter(ParameterSetName = ByUrl)]
    [ArgumentCompleter(typeof(SourceTypeCompleter))]
    public string Type { get; set; } = "datajson";

    /// <summary>The source config (JSON) to preview with, for -Url.</summary>
    [Parameter(ParameterSetName = ByUrl)]
    [ArgumentCompleter(typeof(ConfigKeyCompleter))]
    public string? Config { get; set; }

    protected override void Process()
    {
        if (ParameterSetName != ByUrl)
        {
            base.Process();
            return;
        }
        try
        {
            var url = Uri.TryCreate(Url, UriKind.Absolute, out var uri) && !uri.IsFile ? Url : GetUnresolvedProviderPathFromPSPath(Url);
            Write(Await(Engine.Preview.PreviewUrlAsync(url, Type, Config, Cancellation)), Url);
        }
        catch (HarvestException e)
        {
            WriteHarvestError(e, Url);
        }
    }

    protected override void ProcessSource(HarvestSource source) =>
        Write(Await(Engine.Preview.PreviewSourceAsync(source.SourceId, Cancellation)), source);

    private void Write(PreviewReport report, object target)
    {
        foreach (var error in report.GatherErrors)
            WriteError(new ErrorRecord(new HarvestException(error), "GatherFailed", ErrorCategory.ReadError, target));
        WriteObject(report.Records, enumerateCollection: true);
    }
}
