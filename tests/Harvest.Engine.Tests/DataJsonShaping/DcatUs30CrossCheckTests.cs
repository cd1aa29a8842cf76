using System.Text.Json;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters.DataJson.Validation;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>
/// The project's DCAT-US 3.0 rules against the official 3.0 JSON Schemas in ../shared/fixtures/schemas/dcat-us-3.0:
/// the same properties and required lists per class, and the same verdict as ajv (and as examples.tsv records it)
/// for every official example of every class and for the sample catalogs, whole and dataset by dataset.
/// </summary>
public sealed class DcatUs30CrossCheckTests
{
    private static string SchemaFolder => Fixtures.Path(Path.Combine("schemas", "dcat-us-3.0"));

    private sealed record Example(string File, string ClassName, string Expected);

    /// <summary>examples.tsv: every example file with ajv's result on it (not its folder's good/bad label).</summary>
    private static List<Example> Examples() =>
        File.ReadAllLines(Path.Combine(SchemaFolder, "examples.tsv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(c => new Example(Path.Combine(SchemaFolder, "examples", c[0]), c[0].Split('/')[0].ToLowerInvariant(), c[2]))
            .ToList();

    private static string Ours(DcatUsValidator validator, string file, out string detail)
    {
        detail = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            detail = e.Message;
            return "parse-error";
        }
        using (document)
        {
            var problems = validator.Validate(document.RootElement);
            detail = DcatUsValidator.Describe(problems);
            return problems.Count == 0 ? "valid" : "invalid";
        }
    }

    [FixtureFact]
    public void Every_class_has_the_schema_properties_and_required_lists()
    {
        var definitions = Directory.GetFiles(Path.Combine(SchemaFolder, "definitions"), "*.json");
        Assert.Equal(26, definitions.Length);
        foreach (var file in definitions)
        {
            using var schema = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = schema.RootElement;
            var name = root.GetProperty("$id").GetString()!.Split('/')[^1];
            Assert.True(DcatUs30Rules.Classes.ContainsKey(name), $"no rules for the class {name}");
            // Concept and Identifier are "a string or an object": the object's properties are under anyOf.
            var shape = root.TryGetProperty("properties", out _) ? root
                : root.GetProperty("anyOf").EnumerateArray().Single(a => a.TryGetProperty("properties", out _));
            var ours = ObjectOf(DcatUs30Rules.Classes[name]);
            Assert.Equal(shape.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
                ours.Properties.Keys.Order(StringComparer.Ordinal));
            var required = shape.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
            Assert.Equal(required.Order(StringComparer.Ordinal), ours.Required.Order(StringComparer.Ordinal));
        }
    }

    private static ObjectRule ObjectOf(Rule rule) => rule switch
    {
        ObjectRule obj => obj,
        AnyOfRule any => ObjectOf(any.Alternatives.Single(a => a is ObjectRule)),
        _ => throw new InvalidOperationException(rule.GetType().Name),
    };

    [FixtureFact]
    public void Every_official_example_gets_the_result_examples_tsv_records()
    {
        var examples = Examples();
        Assert.Equal(90, examples.Count);
        var disagreements = examples
            .Select(e => (e, Ours: Ours(DcatUsValidator.ForDcatUs30Class(e.ClassName), e.File, out var detail), Detail: detail))
            .Where(x => x.Ours != x.e.Expected)
            .Select(x => $"{Path.GetRelativePath(SchemaFolder, x.e.File)}: examples.tsv {x.e.Expected}, ours {x.Ours} {x.Detail}")
            .ToList();
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
        // The 15 examples whose verdict is not their folder's label (version skew between examples and schemas).
        Assert.Equal(15, examples.Count(e => e.File.Contains("/good/") != (e.Expected == "valid")));
    }

    [SchemaCheckFact]
    public async Task Ajv_agrees_with_examples_tsv_on_every_official_example()
    {
        var disagreements = new List<string>();
        foreach (var group in Examples().GroupBy(e => e.ClassName))
        {
            var verdicts = await SchemaCheck.RunDcatUs30Async(group.Key, group.Select(e => e.File));
            foreach (var (example, verdict) in group.Zip(verdicts))
                if (example.Expected != verdict.Result)
                    disagreements.Add($"{example.File}: examples.tsv {example.Expected}, ajv {verdict.Result} {string.Join(" | ", verdict.Errors)}");
        }
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }

    /// <summary>The fixtures README's ajv verdict on each sample catalog against the Catalog class.</summary>
    [SchemaCheckTheory]
    [InlineData("dcatus3_0.json", "valid", 4)]
    [InlineData("dcatus3_0_invalid.json", "invalid", 2)]
    [InlineData("dcatus3_0_nested_catalog.json", "valid", 1)]
    [InlineData("dcatus3_0_no_identifier.json", "valid", 1)]
    [InlineData("dcatus3_0_record_no_id.json", "valid", 1)]
    [InlineData("dcatus3_0_series_member_also_top_level.json", "valid", 1)]
    [InlineData("dcatus3_0_series_with_members.json", "invalid", 0)]
    [InlineData("dcatus3_0_service_no_identifier.json", "valid", 1)]
    [InlineData("dcatus3_0_service_serves_dataset.json", "invalid", 0)]
    [InlineData("dcatus3_0_warning.json", "valid", 3)]
    [InlineData("dcatus3_0_with_records.json", "valid", 1)]
    [InlineData("dcatus3_0_with_services.json", "valid", 1)]
    public async Task A_sample_catalog_gets_ajvs_verdict_whole_and_dataset_by_dataset(string file, string expected, int datasets)
    {
        var path = Path.Combine(SchemaFolder, "catalogs", file);
        var whole = Assert.Single(await SchemaCheck.RunDcatUs30Async("catalog", [path]));
        Assert.Equal(expected, whole.Result);
        var ourVerdict = Ours(DcatUsValidator.ForDcatUs30Class("catalog"), path, out var detail);
        Assert.True(expected == ourVerdict, $"ours: {ourVerdict} {detail}");

        var ajv = await SchemaCheck.RunDcatUs30Async("datasets-of", [path]);
        Assert.Equal(datasets, ajv.Count);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var ours = document.RootElement.TryGetProperty("dataset", out var list)
            ? list.EnumerateArray().Select(d => DcatUsValidator.ForProfile("dcat-us-3.0").Validate(d)).ToList()
            : [];
        Assert.Equal(ajv.Select(v => v.Result), ours.Select(p => p.Count == 0 ? "valid" : "invalid"));
    }
}
