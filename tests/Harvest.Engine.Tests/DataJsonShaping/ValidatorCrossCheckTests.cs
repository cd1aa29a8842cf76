using System.Text.Json;
using Harvest.Harvesters.DataJson.Validation;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.DataJsonShaping;

/// <summary>
/// The project's DCAT-US 1.1 validator agrees record by record with ajv 8 on the official schemas, for every
/// fixture file the fixtures README counts (and the counts are the README's).
/// </summary>
public sealed class ValidatorCrossCheckTests
{
    [SchemaCheckTheory]
    [InlineData("usda.gov.data.json", "federal", 3, 0)]
    [InlineData("usda.gov.data.json", "non-federal", 3, 0)]
    [InlineData("error-no-identifier.json", "federal", 1, 1)]
    [InlineData("error-no-identifier.json", "non-federal", 1, 1)]
    [InlineData("error-missing-title.json", "federal", 1, 1)]
    [InlineData("error-missing-title.json", "non-federal", 1, 1)]
    [InlineData("error-multiple-invalid.json", "federal", 1, 1)]
    [InlineData("error-multiple-invalid.json", "non-federal", 1, 1)]
    [InlineData("opendataphilly.data.json", "federal", 402, 402)]
    [InlineData("opendataphilly.data.json", "non-federal", 402, 391)]
    [InlineData("healthdata.gov.data.json", "federal", 1762, 364)]
    [InlineData("healthdata.gov.data.json", "non-federal", 1762, 18)]
    public async Task The_validator_agrees_with_ajv_record_by_record(string file, string profile, int records, int invalid)
    {
        var path = Fixtures.DataJson(file);
        var ajv = await SchemaCheck.RunAsync(profile, path);
        var ours = Validate(path, profile);

        Assert.Equal(records, ajv.Count);
        Assert.Equal(invalid, ajv.Count(r => !r.Valid));
        Assert.Equal(records, ours.Count);
        var disagreements = ajv.Zip(ours)
            .Where(pair => pair.First.Valid != (pair.Second.Count == 0))
            .Select(pair => $"#{pair.First.Index} '{pair.First.Identifier}': ajv {(pair.First.Valid ? "valid" : "invalid: " + string.Join(" | ", pair.First.Errors))}; " +
                            $"ours {(pair.Second.Count == 0 ? "valid" : "invalid: " + DcatUsValidator.Describe(pair.Second))}")
            .Take(10).ToList();
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }

    private static List<IReadOnlyList<ValidationProblem>> Validate(string path, string profile)
    {
        var validator = DcatUsValidator.ForProfile(profile);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path).AsMemory().TrimStart(new byte[] { 0xEF, 0xBB, 0xBF }));
        var root = document.RootElement;
        var records = root.ValueKind == JsonValueKind.Array ? root
            : root.TryGetProperty("dataset", out var dataset) && dataset.ValueKind == JsonValueKind.Array ? dataset : (JsonElement?)null;
        return records is { } list ? list.EnumerateArray().Select(validator.Validate).ToList() : [validator.Validate(root)];
    }
}
