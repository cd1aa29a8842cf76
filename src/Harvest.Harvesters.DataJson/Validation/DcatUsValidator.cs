using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>DCAT-US 1.1 dataset validation, federal or non-federal profile: every failing field of a record.</summary>
public sealed class DcatUsValidator
{
    public const string Federal = "federal", NonFederal = "non-federal";

    private readonly ObjectRule _rules;

    private DcatUsValidator(string profile, ObjectRule rules)
    {
        Profile = profile;
        _rules = rules;
    }

    public static DcatUsValidator ForProfile(string profile) => profile switch
    {
        Federal => new DcatUsValidator(Federal, DcatUs11Rules.Federal),
        NonFederal => new DcatUsValidator(NonFederal, DcatUs11Rules.NonFederal),
        _ => throw new ArgumentException($"unknown DCAT-US profile '{profile}' (federal or non-federal)", nameof(profile)),
    };

    public string Profile { get; }

    /// <summary>Every failing field of a record, in the record's order; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate(JsonElement record) => _rules.Check(record, "").ToList();

    public IReadOnlyList<ValidationProblem> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validate(document.RootElement);
    }

    /// <summary>One readable line: "field: rule (value: excerpt); ...".</summary>
    public static string Describe(IEnumerable<ValidationProblem> problems) => string.Join("; ", problems);
}

/// <summary>The source config keys of validation: <c>validator_schema</c> and <c>continue_on_validation_errors</c>.</summary>
public sealed class ValidationConfig
{
    public const string SchemaKey = "validator_schema", ContinueKey = "continue_on_validation_errors";

    public static readonly IReadOnlyList<ConfigKeyInfo> Keys =
    [
        new(SchemaKey, "string", "Validate every record against DCAT-US 1.1: 'federal' or 'non-federal'. Without it a record needs only an identifier and a title."),
        new(ContinueKey, "boolean", "Import records that fail validation anyway, with the message kept as a warning on their object.", "false"),
    ];

    public DcatUsValidator? Validator { get; private init; }
    public string? SchemaName => Validator?.Profile;
    public bool ContinueOnErrors { get; private init; }

    public static ValidationConfig From(JsonObject config) => new()
    {
        Validator = config[SchemaKey] is JsonValue v && v.TryGetValue<string>(out var profile) ? DcatUsValidator.ForProfile(profile) : null,
        ContinueOnErrors = config[ContinueKey] is JsonValue c && c.TryGetValue<bool>(out var flag) && flag,
    };

    /// <summary>Adds the normalised keys to <paramref name="normalised"/>; returns one message per bad key.</summary>
    public static List<string> Read(JsonObject config, JsonObject normalised)
    {
        var errors = new List<string>();
        if (config.TryGetPropertyValue(SchemaKey, out var schema) && schema is not null)
        {
            var text = schema is JsonValue value && value.TryGetValue<string>(out var s) ? s.Trim().ToLowerInvariant().Replace('_', '-') : null;
            text = text switch { "nonfederal" or "non federal" => DcatUsValidator.NonFederal, _ => text };
            if (text is DcatUsValidator.Federal or DcatUsValidator.NonFederal) normalised[SchemaKey] = text;
            else errors.Add($"'{SchemaKey}' must be 'federal' or 'non-federal' (DCAT-US 1.1), not {schema.ToJsonString()}");
        }
        if (config.TryGetPropertyValue(ContinueKey, out var flag) && flag is not null)
        {
            if (flag is JsonValue value && value.TryGetValue<bool>(out var b)) normalised[ContinueKey] = b;
            else errors.Add($"'{ContinueKey}' must be true or false");
        }
        return errors;
    }
}
