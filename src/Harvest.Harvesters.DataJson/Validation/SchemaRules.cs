using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>One failing field of a record: where, which rule, and an excerpt of the value.</summary>
public sealed record ValidationProblem(string Field, string Rule, string Value)
{
    public override string ToString() => $"{Field}: {Rule} (value: {Value})";
}

/// <summary>
/// The small part of JSON Schema (draft 2020-12) that the DCAT-US 1.1 and 3.0 schemas use, as C# rules: types, const,
/// enum, string length (in code points) / pattern (JavaScript semantics: ASCII \d \w \b) / uri, date and date-time
/// formats, array items / size / uniqueness, object required / properties / dependent schemas, and anyOf.
/// </summary>
internal abstract class Rule
{
    /// <summary>The problems of a value; empty when it satisfies the rule.</summary>
    public abstract IEnumerable<ValidationProblem> Check(JsonElement value, string path);

    /// <summary>What the rule asks for, in words.</summary>
    public abstract string Describe();

    /// <summary>The JSON kinds this rule can accept (to pick the alternative worth explaining in an anyOf).</summary>
    public abstract bool Expects(JsonValueKind kind);

    public bool Accepts(JsonElement value) => !Check(value, "").Any();

    protected IEnumerable<ValidationProblem> Fail(JsonElement value, string path) => [new(path, Describe(), Excerpt(value))];

    public static string Excerpt(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.Undefined ? "missing" : value.GetRawText();
        text = Regex.Replace(text, @"\s+", " ");
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}

/// <summary>Any JSON value (a schema that constrains nothing, like an array's items left open).</summary>
internal sealed class AnyValueRule : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) => [];
    public override string Describe() => "any value";
    public override bool Expects(JsonValueKind kind) => true;
}

internal sealed class NullRule : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Null ? [] : Fail(value, path);
    public override string Describe() => "null";
    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.Null;
}

internal sealed class BooleanRule : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? [] : Fail(value, path);
    public override string Describe() => "true or false";
    public override bool Expects(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;
}

internal sealed class NumberRule : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number ? [] : Fail(value, path);
    public override string Describe() => "a number";
    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.Number;
}

/// <summary>const / enum of strings.</summary>
internal sealed class OneOfStringsRule(params string[] values) : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String && values.Contains(value.GetString(), StringComparer.Ordinal) ? [] : Fail(value, path);
    public override string Describe() =>
        values.Length == 1 ? $"must be \"{values[0]}\"" : "must be one of " + string.Join(", ", values.Select(v => $"\"{v}\""));
    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.String;
}

internal sealed class StringRule : Rule
{
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public PatternRule? Pattern { get; init; }
    public bool Uri { get; init; }
    /// <summary>A format check of the text (date, date-time); <see cref="Name"/> should say what it asks for.</summary>
    public Func<string, bool>? Format { get; init; }
    public string? Name { get; init; }

    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String) return Fail(value, path);
        var text = value.GetString()!;
        var length = CodePoints(text);
        if (MinLength is { } min && length < min) return Fail(value, path);
        if (MaxLength is { } max && length > max) return Fail(value, path);
        if (Pattern is { } pattern && !pattern.IsMatch(text)) return Fail(value, path);
        if (Uri && !UriFormat.IsUri(text)) return Fail(value, path);
        if (Format is { } format && !format(text)) return Fail(value, path);
        return [];
    }

    public override string Describe()
    {
        if (Name is not null) return Name;
        var parts = new List<string>();
        if (MinLength == 1 && MaxLength is null) parts.Add("a non-empty string");
        else if (MinLength is not null || MaxLength is not null) parts.Add($"a string of {MinLength ?? 0} to {MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "any number of"} characters");
        else parts.Add("a string");
        if (Uri) parts.Add("that is a URI");
        if (Pattern is not null) parts.Add($"matching {Pattern.Name}");
        return string.Join(" ", parts);
    }

    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.String;

    /// <summary>JSON Schema counts characters as Unicode code points.</summary>
    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1])) count++;
        return count;
    }
}

/// <summary>A schema pattern: found anywhere in the string unless anchored, with JavaScript's ASCII classes.</summary>
internal sealed class PatternRule(string name, string pattern)
{
    private readonly Regex _regex = new(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant);
    public string Name { get; } = name;
    public bool IsMatch(string text) => _regex.IsMatch(text);
}

internal sealed class ArrayRule(Rule items) : Rule
{
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }

    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array) return Fail(value, path);
        var count = value.GetArrayLength();
        if (MinItems is { } min && count < min) return Fail(value, path);
        if (MaxItems is { } max && count > max) return Fail(value, path);
        if (UniqueItems)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in value.EnumerateArray())
                if (!seen.Add(Harvest.Engine.Json.CanonicalJson.Hash(item)))
                    return [new(path, Describe() + ", without repeated items", Excerpt(item))];
        }
        return value.EnumerateArray().SelectMany((item, i) => items.Check(item, $"{path}[{i}]")).ToList();
    }

    public override string Describe()
    {
        var size = (MinItems, MaxItems) switch
        {
            (1, null) => "a non-empty list",
            (null, null) => "a list",
            var (min, max) => $"a list of {min ?? 0} to {max?.ToString(CultureInfo.InvariantCulture) ?? "any number of"} items",
        };
        return $"{size} of {items.Describe()}";
    }

    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.Array;
}

internal sealed class ObjectRule : Rule
{
    public string Name { get; init; } = "an object";
    public IReadOnlyList<string> Required { get; init; } = [];
    public Dictionary<string, Rule> Properties { get; } = new(StringComparer.Ordinal);
    /// <summary>anyOf of required lists, each one key: at least one of these keys must be present (when any are given).</summary>
    public IReadOnlyList<string> OneOfRequired { get; init; } = [];
    /// <summary>dependentSchemas: when the key is present, the object must also satisfy the rule.</summary>
    public Dictionary<string, ObjectRule> Dependent { get; } = new(StringComparer.Ordinal);

    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) return Fail(value, path);
        var problems = new List<ValidationProblem>();
        var prefix = path.Length == 0 ? "" : path + ".";
        foreach (var key in Required)
            if (!value.TryGetProperty(key, out _))
                problems.Add(new(prefix + key, "required", "missing"));
        if (OneOfRequired.Count > 0 && !OneOfRequired.Any(key => value.TryGetProperty(key, out _)))
            problems.Add(new(prefix + string.Join("|", OneOfRequired), "one of them is required", "missing"));
        foreach (var property in value.EnumerateObject())
            if (Properties.TryGetValue(property.Name, out var rule))
                problems.AddRange(rule.Check(property.Value, prefix + property.Name));
        foreach (var (key, rule) in Dependent)
            if (value.TryGetProperty(key, out _))
                problems.AddRange(rule.Check(value, path).Where(p => !problems.Contains(p))
                    .Select(p => p.Rule == "required" ? p with { Rule = $"required when {key} is given" } : p));
        return problems;
    }

    public override string Describe() => Name;
    public override bool Expects(JsonValueKind kind) => kind == JsonValueKind.Object;
}

/// <summary>A late-bound rule, for the organization that refers to itself (subOrganizationOf).</summary>
internal sealed class RefRule(Func<Rule> target) : Rule
{
    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path) => target().Check(value, path);
    public override string Describe() => target().Describe();
    public override bool Expects(JsonValueKind kind) => target().Expects(kind);
}

internal sealed class AnyOfRule(params Rule[] alternatives) : Rule
{
    public IReadOnlyList<Rule> Alternatives => alternatives;

    public override IEnumerable<ValidationProblem> Check(JsonElement value, string path)
    {
        var attempts = new List<List<ValidationProblem>>();
        foreach (var alternative in alternatives)
        {
            var problems = alternative.Check(value, path).ToList();
            if (problems.Count == 0) return [];
            if (alternative.Expects(value.ValueKind)) attempts.Add(problems);
        }
        // Explain the one alternative of the value's own kind in detail; otherwise list what is accepted.
        return attempts.Count == 1 && (attempts[0].Count > 1 || attempts[0][0].Field != path) ? attempts[0] : Fail(value, path);
    }

    public override string Describe() => string.Join(" or ", alternatives.Select(a => a.Describe()));
    public override bool Expects(JsonValueKind kind) => alternatives.Any(a => a.Expects(kind));
}
