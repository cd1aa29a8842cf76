using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;

namespace Harvest.Samples.CsvHarvester;

/// <summary>
/// A catalog that is one CSV file with a header row: each row is a dataset. Columns <c>identifier</c> and <c>title</c>
/// are required; <c>description</c>, <c>keywords</c> (separated by <c>;</c>), <c>url</c> and <c>publisher</c> map to the
/// dataset; any other column becomes an extra. A row's content is stored as a JSON object of its columns, so the
/// engine's default change detection (canonical JSON hash) applies.
/// </summary>
/// <remarks>
/// The whole contract a harvester needs: <see cref="Info"/> (with its config keys, which the engine checks by their
/// declared types since this type does not check its config itself), <see cref="GatherAsync"/>, <see cref="FetchAsync"/>
/// and <see cref="Import"/>. It must be public, non-abstract and have a public parameterless constructor.
/// </remarks>
public sealed class CsvCatalogHarvester : IHarvester
{
    public HarvesterInfo Info { get; } = new(
        "csv",
        "CSV catalog (sample plug-in)",
        "Harvests a CSV file whose rows are datasets (identifier, title, description, keywords, url, publisher, ...), " +
        "from an http(s) URL or a local path. The guid of a row is its identifier.",
        [
            new ConfigKeyInfo("delimiter", "string", "The column separator.", ","),
            new ConfigKeyInfo("default_tags", "list of strings", "Tags added to every dataset of the source."),
        ]);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var delimiter = context.Config["delimiter"]?.GetValue<string>() is { Length: 1 } d ? d[0] : ',';
        await using var stream = await context.Documents.OpenAsync(context.Source.Url, cancellationToken);
        using var reader = new StreamReader(stream);
        var rows = CsvRows.ReadAsync(reader, delimiter, cancellationToken);
        string[]? header = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (row, line) in rows)
        {
            if (header is null)
            {
                header = [.. row.Select(h => h.Trim().ToLowerInvariant())];
                if (!header.Contains("identifier") || !header.Contains("title"))
                    throw new HarvestException($"{context.Source.Url}: the header row needs the columns 'identifier' and 'title'");
                continue;
            }
            var fields = new JsonObject();
            for (var i = 0; i < header.Length && i < row.Count; i++)
                if (row[i].Trim().Length > 0) fields[header[i]] = row[i].Trim();
            var identifier = fields["identifier"]?.GetValue<string>();
            var title = fields["title"]?.GetValue<string>();
            if (identifier is null)
                yield return new GatheredRecord { Guid = "", Title = title, Line = line, Error = $"row at line {line} has no identifier" };
            else if (!seen.Add(identifier))
                yield return new GatheredRecord { Guid = identifier, Title = title, Line = line, Error = $"identifier '{identifier}' is repeated at line {line}" };
            else
                yield return new GatheredRecord { Guid = identifier, Title = title, Line = line, Content = fields.ToJsonString() };
        }
    }

    /// <summary>Rows are stored at gather; fetch only checks that the content is there.</summary>
    public Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken) =>
        Task.FromResult(harvestObject.Content ?? throw new HarvestException($"row '{harvestObject.Guid}' has no content"));

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject)
    {
        var fields = JsonNode.Parse(harvestObject.Content!)!.AsObject();
        string? Field(string name) => fields[name]?.GetValue<string>();
        var defaultTags = context.Config["default_tags"] is JsonArray tags ? tags.Select(t => t!.GetValue<string>()) : [];
        var mapped = new HashSet<string> { "title", "description", "keywords", "url", "publisher" };
        return new DatasetDraft
        {
            Title = Field("title") ?? "",
            Notes = Field("description"),
            Url = Field("url"),
            OrganizationTitle = Field("publisher"),
            Tags = [.. (Field("keywords") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(defaultTags).Distinct()],
            Extras = fields.Where(f => !mapped.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value!.GetValue<string>()),
        };
    }

    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject)
    {
        if (harvestObject.Content is null) return source.Url;
        try
        {
            return JsonNode.Parse(harvestObject.Content)?["url"]?.GetValue<string>() ?? source.Url;
        }
        catch (JsonException)
        {
            return source.Url;
        }
    }
}
