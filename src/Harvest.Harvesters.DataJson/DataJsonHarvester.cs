using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Text;
using Harvest.Harvesters.DataJson.Shaping;
using Harvest.Harvesters.DataJson.Validation;

namespace Harvest.Harvesters.DataJson;

/// <summary>
/// DCAT-US 1.1 / Project Open Data <c>data.json</c> catalogs, from http(s), file:// or a local path.
/// The catalog is streamed record by record; each record's JSON is the object's content, taken at gather.
/// </summary>
public sealed class DataJsonHarvester : IConfigurableHarvester, IDatasetLinker
{
    public const string TypeName = "datajson";

    private static readonly IReadOnlyList<ConfigKeyInfo> ConfigKeys =
    [
        new("default_tags", "list of strings", "Tags added to every dataset of the source."),
        new("default_groups", "list of strings", "Groups (by name) every dataset of the source joins."),
        new("default_extras", "object of strings", "Extras added to every dataset; a record's own field of the same name wins."),
        .. ShapingConfig.Keys,
        .. ValidationConfig.Keys,
    ];

    public HarvesterInfo Info { get; } = new(
        TypeName,
        "DCAT-US data.json",
        "Harvests a Project Open Data / DCAT-US 1.1 or DCAT-US 3.0 data.json catalog (or the older bare array of datasets) " +
        "from an http(s) URL, a file:// URL or a local path. The guid of a record is its identifier (a DCAT-US 3.0 Identifier object's @id).",
        ConfigKeys);

    public ConfigValidation ValidateConfig(JsonObject config)
    {
        var reader = new ConfigReader(config, ConfigKeys);
        reader.StringList("default_tags");
        reader.StringList("default_groups");
        reader.StringMap("default_extras");
        var result = reader.Finish();
        var normalised = result.Config ?? new JsonObject();
        var errors = result.Errors.Concat(ShapingConfig.Read(config, normalised)).Concat(ValidationConfig.Read(config, normalised)).ToList();
        return errors.Count == 0 ? ConfigValidation.Valid(normalised) : ConfigValidation.Invalid(errors);
    }

    /// <summary>
    /// Every record of the catalog after shaping and validation, including the records that shaping dropped (as
    /// skipped records). Records that name a parent (<c>isPartOf</c>) come after all others, so that parents import
    /// before their children.
    /// </summary>
    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ConditionalResponse? conditional = null;
        Stream stream;
        if (RemoteDocuments.IsHttp(context.Source.Url))
        {
            var url = new Uri(context.Source.Url);
            conditional = await context.Conditional.GetAsync(context.Documents.Http, url, null, cancellationToken);
            if (conditional.NotModifiedSince is { } since)
            {
                context.CatalogNotModified(since);
                yield break;
            }
            stream = await context.Documents.OpenBodyAsync(conditional.Response!, url, cancellationToken);
        }
        else
        {
            stream = await context.Documents.OpenAsync(context.Source.Url, cancellationToken);
        }
        await using var body = stream;
        await foreach (var record in GatherFromAsync(context, stream, cancellationToken))
            yield return record;
        conditional?.Read();
    }

    private static async IAsyncEnumerable<GatheredRecord> GatherFromAsync(GatherContext context, Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = new JsonRecordStream(stream, "dataset", context.Documents.MaxBytes, context.Source.Url);
        var firstSeen = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        var shaper = RecordShaper.From(context.Config);
        var validation = ValidationConfig.From(context.Config);
        var children = new List<GatheredRecord>();
        await foreach (var record in records.ReadAsync(cancellationToken))
        {
            var shaped = CheckOrRefuse(record, firstSeen, shaper, validation, out var parent);
            if (shaped is { Skipped: null, Error: null, Content: not null } && parent is not null)
                children.Add(shaped);
            else
                yield return shaped;
        }
        // A child whose parent is itself a child of this catalog is an error: collections have one level.
        var parents = children.ToDictionary(c => c.Guid, c => Collections.ParentOf(c.Content!)!, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var parent = parents[child.Guid];
            if (parent == child.Guid)
                yield return child with { Error = $"record '{parent}' names itself as its collection (isPartOf)" };
            else if (parents.TryGetValue(parent, out var grandParent))
                yield return child with
                {
                    Error = $"record '{child.Guid}' is part of '{parent}', which is itself part of '{grandParent}': a collection's parent cannot be a child",
                };
            else
                yield return child;
        }
    }

    /// <summary>
    /// A record whose text cannot be read as Unicode (a lone surrogate escape such as \ud800) is an error for that record
    /// alone; the rest of the catalog goes on.
    /// </summary>
    private static GatheredRecord CheckOrRefuse(JsonRecord record, Dictionary<string, (int Index, int Line)> firstSeen, RecordShaper shaper,
        ValidationConfig validation, out string? parent)
    {
        parent = null;
        try
        {
            return Check(record, firstSeen, shaper, validation, out parent);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("UTF-16", StringComparison.Ordinal) || e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            return new GatheredRecord
            {
                Guid = "", Line = record.Line,
                Error = $"record #{record.Index + 1} (line {record.Line}) holds text that is not valid Unicode (a lone surrogate, such as \\ud800): {e.Message}",
            };
        }
    }

    /// <summary>The record checked, and the collection it names as its parent (<c>isPartOf</c>), read while it is parsed.</summary>
    private static GatheredRecord Check(JsonRecord record, Dictionary<string, (int Index, int Line)> firstSeen, RecordShaper shaper,
        ValidationConfig validation, out string? parent)
    {
        parent = null;
        var where = $"record #{record.Index + 1} (line {record.Line})";
        using var document = ParseRecord(record.Utf8, out var content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return new GatheredRecord { Guid = "", Line = record.Line, Error = $"{where} is not a JSON object" };

        if (!shaper.IsEmpty)
        {
            var node = JsonNode.Parse(content)!.AsObject();
            var outcome = shaper.Apply(node);
            if (outcome.Action != ShapingAction.Kept)
                return GatheredRecord.Skip(JsonText.StringOrNumber(root, "identifier") ?? "", JsonText.StringOrNumber(root, "title"),
                    outcome.Action == ShapingAction.Filtered ? RecordSkipKind.Filtered : RecordSkipKind.Excluded, outcome.Reason!);
            if (outcome.Changed)
            {
                content = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                using var reshaped = JsonDocument.Parse(content);
                parent = JsonText.StringOrNumber(reshaped.RootElement, Collections.IsPartOf);
                return Identify(reshaped.RootElement, content, record, where, firstSeen, validation);
            }
        }
        parent = JsonText.StringOrNumber(root, Collections.IsPartOf);
        return Identify(root, content, record, where, firstSeen, validation);
    }

    private static GatheredRecord Identify(JsonElement root, string content, JsonRecord record, string where,
        Dictionary<string, (int Index, int Line)> firstSeen, ValidationConfig validation)
    {
        var identifier = Identifier(root, out var objectWithoutId);
        var title = JsonText.StringOrNumber(root, "title");
        if (identifier is null)
            return new GatheredRecord
            {
                Guid = "", Line = record.Line, Content = content,
                Error = $"{where}{(title is null ? "" : $" titled '{title}'")} " +
                    (objectWithoutId ? "has an object identifier with no usable '@id'" : "has no identifier"),
            };
        if (firstSeen.TryGetValue(identifier, out var first))
            return new GatheredRecord
            {
                Guid = identifier, Title = title, Line = record.Line, Content = content,
                Error = $"identifier '{identifier}' is repeated at {where}; the first, record #{first.Index + 1} (line {first.Line}), was kept",
            };
        firstSeen[identifier] = (record.Index, record.Line);
        if (title is null)
            return new GatheredRecord { Guid = identifier, Line = record.Line, Content = content, Error = $"{where} '{identifier}' has no title" };
        if (validation.Validator is { } validator)
        {
            var problems = validator.Validate(root);
            if (problems.Count > 0)
            {
                var message = $"{where} '{identifier}' is not valid {validator.Standard}: {DcatUsValidator.Describe(problems)}";
                return validation.ContinueOnErrors
                    ? new GatheredRecord { Guid = identifier, Title = title, Line = record.Line, Content = content, Warning = message }
                    : new GatheredRecord { Guid = identifier, Title = title, Line = record.Line, Content = content, Error = message };
            }
        }
        return new GatheredRecord { Guid = identifier, Title = title, Line = record.Line, Content = content };
    }

    /// <summary>
    /// A record's identifier: a string (or number), or, as DCAT-US 3.0 allows, an Identifier object whose <c>@id</c> is
    /// the identifier (as data.gov's harvester takes it; an object without one cannot be told apart across harvests).
    /// </summary>
    private static string? Identifier(JsonElement record, out bool objectWithoutId)
    {
        objectWithoutId = false;
        if (record.TryGetProperty("identifier", out var identifier) && identifier.ValueKind == JsonValueKind.Object)
        {
            var id = JsonText.String(identifier, "@id");
            objectWithoutId = string.IsNullOrWhiteSpace(id);
            return objectWithoutId ? null : id;
        }
        return JsonText.StringOrNumber(record, "identifier");
    }

    private static readonly JsonDocumentOptions Tolerant = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// A record as the stream gave it. The stream tolerates comments and trailing commas, inside records too;
    /// such a record is kept as plain JSON, so that every later stage reads its content.
    /// </summary>
    private static JsonDocument ParseRecord(ReadOnlyMemory<byte> utf8, out string content)
    {
        try
        {
            var document = JsonText.Parse(utf8);
            content = Encoding.UTF8.GetString(utf8.Span);
            return document;
        }
        catch (JsonException)
        {
            var document = JsonText.Parse(utf8, Tolerant);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                document.RootElement.WriteTo(writer);
            content = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return document;
        }
    }

    public Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(harvestObject.Content))
            throw new HarvestException($"record '{harvestObject.Guid}' has no content: data.json records are stored at gather");
        // Gather stored the record as it parsed it; whether it still reads as JSON is for the content hash, which parses it next.
        if (!harvestObject.Content.AsSpan().TrimStart().StartsWith('{'))
            throw new HarvestException($"record '{harvestObject.Guid}' is not a JSON object");
        return Task.FromResult(harvestObject.Content);
    }

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject)
    {
        using var document = JsonText.Parse(harvestObject.Content!);
        return DataJsonMapper.Map(document.RootElement, context.Config);
    }

    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject)
    {
        if (string.IsNullOrEmpty(harvestObject.Content)) return source.Url;
        try
        {
            using var document = JsonText.Parse(harvestObject.Content);
            return DataJsonMapper.LandingPage(document.RootElement) ?? source.Url;
        }
        catch (JsonException)
        {
            return source.Url;
        }
    }

    /// <summary>DCAT-US collections: a child record's dataset is linked to its parent's (<see cref="Collections"/>).</summary>
    public DatasetDraft Link(HarvestContext context, HarvestObject harvestObject, DatasetDraft draft, ISourceDatasets datasets) =>
        Collections.Link(datasets, harvestObject.Guid, draft);
}
