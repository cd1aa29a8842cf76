using Harvest.Engine.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>
/// DCAT-US dataset validation: 1.1 (federal or non-federal profile) or 3.0, every failing field of a record.
/// </summary>
public sealed class DcatUsValidator
{
    public const string Federal = "federal", NonFederal = "non-federal", DcatUs30 = "dcat-us-3.0";

    private readonly Rule _rules;

    private DcatUsValidator(string profile, string standard, Rule rules)
    {
        Profile = profile;
        Standard = standard;
        _rules = rules;
    }

    public static DcatUsValidator ForProfile(string profile) => profile switch
    {
        Federal => new DcatUsValidator(Federal, "DCAT-US 1.1 (federal)", DcatUs11Rules.Federal),
        NonFederal => new DcatUsValidator(NonFederal, "DCAT-US 1.1 (non-federal)", DcatUs11Rules.NonFederal),
        DcatUs30 => new DcatUsValidator(DcatUs30, "DCAT-US 3.0", DcatUs30Rules.Dataset),
        _ => throw new ArgumentException($"unknown DCAT-US profile '{profile}' (federal, non-federal or dcat-us-3.0)", nameof(profile)),
    };

    /// <summary>A validator for one DCAT-US 3.0 class (dataset, catalog, distribution...), by the last segment of its schema $id.</summary>
    internal static DcatUsValidator ForDcatUs30Class(string className) =>
        new(DcatUs30, "DCAT-US 3.0 " + className, DcatUs30Rules.Classes[className]);

    /// <summary>The value of <c>validator_schema</c> that chose it.</summary>
    public string Profile { get; }

    /// <summary>The standard and profile, for messages: "DCAT-US 1.1 (federal)", "DCAT-US 3.0".</summary>
    public string Standard { get; }

    /// <summary>Every failing field of a record, in the record's order; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate(JsonElement record) => _rules.Check(record, "").ToList();

    public IReadOnlyList<ValidationProblem> Validate(string json)
    {
        using var document = JsonText.Parse(json);
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
        new(SchemaKey, "string",
            "Validate every record: 'federal' or 'non-federal' (DCAT-US 1.1), or 'dcat-us-3.0' (the DCAT-US 3.0 Dataset class). " +
            "Without it a record needs only an identifier and a title."),
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
            text = text switch
            {
                "nonfederal" or "non federal" => DcatUsValidator.NonFederal,
                "dcat-us-3" or "dcatus3.0" or "dcatus3" or "dcat-us 3.0" or "3.0" => DcatUsValidator.DcatUs30,
                _ => text,
            };
            if (text is DcatUsValidator.Federal or DcatUsValidator.NonFederal or DcatUsValidator.DcatUs30) normalised[SchemaKey] = text;
            else errors.Add($"'{SchemaKey}' must be 'federal' or 'non-federal' (DCAT-US 1.1) or 'dcat-us-3.0', not {schema.ToJsonString()}");
        }
        if (config.TryGetPropertyValue(ContinueKey, out var flag) && flag is not null)
        {
            if (flag is JsonValue value && value.TryGetValue<bool>(out var b)) normalised[ContinueKey] = b;
            else errors.Add($"'{ContinueKey}' must be true or false");
        }
        return errors;
    }
}
