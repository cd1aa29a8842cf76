using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Harvest.Engine;
using Harvest.Engine.Logging;

namespace Harvest.Cli.Output;

/// <summary>Where a command writes: one JSON document on stdout with --json, else readable text; messages on stderr.</summary>
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json, bool verbose) : IHarvestOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Json { get; } = json;
    /// <summary>stdout: exact JSON with --json, else text with remote control characters made harmless.</summary>
    public TextWriter Out { get; } = json || stdout is TerminalSafeWriter ? stdout : new TerminalSafeWriter(stdout);
    public TextWriter Error { get; } = stderr is TerminalSafeWriter ? stderr : new TerminalSafeWriter(stderr);

    /// <summary>Writes the result: as JSON, or through the text renderer.</summary>
    public void Result(object view, Action<TextWriter> text)
    {
        if (Json) Out.WriteLine(JsonSerializer.Serialize(view, JsonOptions));
        else text(Out);
    }

    public void Log(HarvestLogLevel level, string message)
    {
        if (verbose || level >= HarvestLogLevel.Error)
            Error.WriteLine($"{level.ToString().ToLowerInvariant()}: {message}");
    }
}
