using System.Text.Json.Nodes;

namespace Harvest.Engine.Sources;

/// <summary>The outcome of checking a source config: the normalised config, or one message per bad key.</summary>
public sealed class ConfigValidation
{
    private ConfigValidation(JsonObject? config, IReadOnlyList<string> errors)
    {
        Config = config;
        Errors = errors;
    }

    public JsonObject? Config { get; }
    public IReadOnlyList<string> Errors { get; }
    public bool IsValid => Errors.Count == 0;

    public static ConfigValidation Valid(JsonObject config) => new(config, []);
    public static ConfigValidation Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
