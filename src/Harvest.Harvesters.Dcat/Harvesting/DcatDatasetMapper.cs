using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Dcat.Harvesting;

/// <summary>
/// Maps a dataset's description (DCAT 2/3, DCAT-AP 2/3, DCAT-US 3) to a local dataset: the fields the dataset model
/// has, and extras named as ckanext-dcat names them. Extras that can hold several values are JSON lists.
/// </summary>
internal static class DcatDatasetMapper
{
    private static readonly JsonSerializerOptions ListJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string IanaMediaTypes = "://www.iana.org/assignments/media-types/";

    public static DatasetDraft Map(JsonObject content, DcatConfig config)
    {
        var dataset = new DescribedNode(content);
        var language = config.Language;
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) extras[key] = value.Trim();
        }
        void PutList(string key, IEnumerable<string> values)
        {
            var list = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (list.Count > 0) extras[key] = JsonSerializer.Serialize(list, ListJson);
        }

        Put("uri", dataset.Id);
        Put("identifier", dataset.Literals("dct:identifier").Select(l => l.Text).Order(StringComparer.Ordinal).FirstOrDefault());
        if (dataset.Is("dcat:DatasetSeries")) Put("dcat_type", "dataset_series");
        Put("issued", First(dataset, "dct:issued"));
        Put("modified", First(dataset, "dct:modified"));
        PutList("theme", dataset.References("dcat:theme", language));
        PutList("language", dataset.References("dct:language", language));
        PutList("conforms_to", dataset.References("dct:conformsTo", language));
        PutList("documentation", dataset.References("foaf:page", language));
        PutList("alternate_identifier", dataset.Nodes("adms:identifier").Select(n => n.Text("skos:notation", language) ?? n.Id)
            .OfType<string>());
        PutList("in_series", dataset.Nodes("dcat:inSeries").Select(n => n.Id ?? n.Label(language)).OfType<string>());
        Put("frequency", dataset.Reference("dct:accrualPeriodicity", language));
        Put("version", dataset.Text("dcat:version", language) ?? dataset.Text("owl:versionInfo", language) ?? dataset.Text("adms:version", language));
        Put("version_notes", dataset.Text("adms:versionNotes", language));
        Put("provenance", Statement(dataset, "dct:provenance", language));
        Put("rights", Statement(dataset, "dct:rights", language));
        Put("access_rights", Statement(dataset, "dct:accessRights", language));

        var distributions = dataset.Nodes("dcat:distribution").ToList();
        Put("license", dataset.Reference("dct:license", language)
            ?? distributions.Select(d => d.Reference("dct:license", language)).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault());

        var publisher = dataset.Nodes("dct:publisher").FirstOrDefault();
        var publisherName = publisher?.Label(language) ?? dataset.Text("dct:publisher", language);
        Put("publisher_uri", publisher?.Id);
        Put("publisher_name", publisherName);
        Put("publisher_email", Email(publisher?.Reference("foaf:mbox", language) ?? publisher?.Reference("vcard:hasEmail", language)));
        Put("publisher_url", publisher?.Reference("foaf:homepage", language));
        Put("publisher_type", publisher?.Reference("dct:type", language));

        if (dataset.Nodes("dcat:contactPoint").FirstOrDefault() is { } contact)
        {
            Put("contact_uri", contact.Id);
            Put("contact_name", contact.Text("vcard:fn", language) ?? contact.Text("vcard:organization-name", language) ?? contact.Label(language));
            Put("contact_email", Email(contact.Reference("vcard:hasEmail", language)));
            Put("contact_phone", Telephone(contact, language));
            Put("contact_url", contact.Reference("vcard:hasURL", language));
        }

        Temporal(dataset, language, Put);
        Spatial(dataset, language, Put);

        var resources = distributions.Select(d => Resource(d, language)).ToList();
        var details = new JsonArray([.. distributions.Select(d => (JsonNode?)DistributionDetails(d, language))]);
        if (details.Any(d => d is JsonObject { Count: > 0 })) extras["distributions"] = details.ToJsonString(ListJson);

        foreach (var (key, value) in config.DefaultExtras) extras.TryAdd(key, value);

        return new DatasetDraft
        {
            Title = Title(dataset, language) ?? FallbackTitle(dataset),
            Notes = dataset.Text("dct:description", language),
            Url = dataset.Reference("dcat:landingPage", language),
            Tags = Distinct(dataset.Texts("dcat:keyword", language).Concat(config.DefaultTags)),
            Groups = Distinct(config.DefaultGroups),
            OrganizationTitle = publisherName,
            Extras = extras,
            Resources = resources,
        };
    }

    /// <summary>dct:title, else the older Dublin Core dc:title; null when there is neither.</summary>
    public static string? Title(DescribedNode dataset, LanguagePreference language) =>
        new[] { "dct:title", "dc:title" }.Select(key => dataset.Text(key, language)?.Trim()).FirstOrDefault(t => !string.IsNullOrEmpty(t));

    /// <summary>The title of a dataset that has none: its identifier, else its IRI.</summary>
    public static string FallbackTitle(DescribedNode dataset) =>
        dataset.Literals("dct:identifier").Select(l => l.Text.Trim()).Where(t => t.Length > 0).Order(StringComparer.Ordinal).FirstOrDefault()
        ?? dataset.Id ?? "untitled dataset";

    private static DatasetResource Resource(DescribedNode distribution, LanguagePreference language) => new()
    {
        Url = distribution.Reference("dcat:downloadURL", language) ?? distribution.Reference("dcat:accessURL", language),
        Name = distribution.Text("dct:title", language),
        Description = distribution.Text("dct:description", language),
        Format = Format(distribution, language),
        MediaType = MediaType(distribution, language),
    };

    /// <summary>What a distribution says that a resource has no field for, keyed as ckanext-dcat keys its resource fields.</summary>
    private static JsonObject DistributionDetails(DescribedNode distribution, LanguagePreference language)
    {
        var details = new JsonObject();
        void Put(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) details[key] = value.Trim();
        }
        Put("uri", distribution.Id);
        Put("access_url", distribution.Reference("dcat:accessURL", language));
        Put("download_url", distribution.Reference("dcat:downloadURL", language));
        Put("size", First(distribution, "dcat:byteSize"));
        if (distribution.Nodes("spdx:checksum").FirstOrDefault() is { } checksum)
        {
            Put("hash", First(checksum, "spdx:checksumValue"));
            var algorithm = checksum.Reference("spdx:algorithm", language);
            Put("hash_algorithm", algorithm?[(algorithm.LastIndexOfAny(['#', '/', '_']) + 1)..]);
        }
        Put("license", distribution.Reference("dct:license", language));
        Put("rights", Statement(distribution, "dct:rights", language));
        Put("access_rights", Statement(distribution, "dct:accessRights", language));
        Put("issued", First(distribution, "dct:issued"));
        Put("modified", First(distribution, "dct:modified"));
        Put("status", distribution.Reference("adms:status", language));
        var languages = distribution.References("dct:language", language).ToList();
        if (languages.Count > 0) details["language"] = new JsonArray([.. languages.Select(l => (JsonNode?)l)]);
        var conformsTo = distribution.References("dct:conformsTo", language).ToList();
        if (conformsTo.Count > 0) details["conforms_to"] = new JsonArray([.. conformsTo.Select(c => (JsonNode?)c)]);
        return details;
    }

    /// <summary>dct:format: a literal, the last segment of an IRI (EU file types: .../file-type/CSV), or a node's label.</summary>
    private static string? Format(DescribedNode distribution, LanguagePreference language)
    {
        var node = distribution.Nodes("dct:format").FirstOrDefault();
        if (node is not null)
        {
            if (node.Label(language) is { } label) return label;
            if (node.Id is { } iri && !iri.Contains(IanaMediaTypes, StringComparison.Ordinal))
                return iri.TrimEnd('/')[(iri.TrimEnd('/').LastIndexOfAny(['/', '#']) + 1)..];
        }
        return distribution.Text("dct:format", language);
    }

    /// <summary>dcat:mediaType (or an IANA IRI given as dct:format): "text/csv" from a literal or an IANA media-types IRI.</summary>
    private static string? MediaType(DescribedNode distribution, LanguagePreference language)
    {
        var value = distribution.Reference("dcat:mediaType", language)
            ?? distribution.References("dct:format", language).FirstOrDefault(f => f.Contains(IanaMediaTypes, StringComparison.Ordinal));
        if (value is null) return null;
        var at = value.IndexOf(IanaMediaTypes, StringComparison.Ordinal);
        return at >= 0 ? value[(at + IanaMediaTypes.Length)..] : value;
    }

    /// <summary>dct:temporal: start and end of a period (DCAT 2 dcat:startDate, schema.org, OWL-Time), else its IRI or text.</summary>
    private static void Temporal(DescribedNode dataset, LanguagePreference language, Action<string, string?> put)
    {
        var period = dataset.Nodes("dct:temporal").FirstOrDefault();
        if (period is null)
        {
            put("temporal", dataset.Text("dct:temporal", language));
            return;
        }
        put("temporal_start", First(period, "dcat:startDate") ?? First(period, "schema:startDate") ?? Instant(period, "time:hasBeginning"));
        put("temporal_end", First(period, "dcat:endDate") ?? First(period, "schema:endDate") ?? Instant(period, "time:hasEnd"));
        if (period.Id is { } iri) put("temporal", iri);
        put("temporal_resolution", First(dataset, "dcat:temporalResolution"));
    }

    private static string? Instant(DescribedNode period, string key) =>
        period.Nodes(key).Select(i => First(i, "time:inXSDDate") ?? First(i, "time:inXSDDateTime") ?? First(i, "time:inXSDDateTimeStamp"))
            .FirstOrDefault(v => v is not null);

    /// <summary>dct:spatial: the location's IRI, name, geometry, bounding box and centroid.</summary>
    private static void Spatial(DescribedNode dataset, LanguagePreference language, Action<string, string?> put)
    {
        var location = dataset.Nodes("dct:spatial").FirstOrDefault();
        if (location is null)
        {
            put("spatial_text", dataset.Text("dct:spatial", language));
            return;
        }
        put("spatial_uri", location.Id);
        put("spatial_text", location.Text("locn:geographicName", language) ?? location.Label(language));
        put("spatial", Geometry(location, "locn:geometry"));
        put("spatial_bbox", Geometry(location, "dcat:bbox"));
        put("spatial_centroid", Geometry(location, "dcat:centroid"));
        put("spatial_resolution_in_meters", First(dataset, "dcat:spatialResolutionInMeters"));
    }

    /// <summary>A geometry literal, GeoJSON preferred over WKT and GML when a location gives several.</summary>
    private static string? Geometry(DescribedNode location, string key)
    {
        var literals = location.Literals(key).ToList();
        return (literals.FirstOrDefault(l => l.Datatype is { } type && type.EndsWith("geoJSONLiteral", StringComparison.OrdinalIgnoreCase))
            ?? literals.FirstOrDefault(l => l.Datatype is { } type && type.EndsWith("wktLiteral", StringComparison.OrdinalIgnoreCase))
            ?? literals.FirstOrDefault())?.Text;
    }

    /// <summary>A rights or provenance statement: its text or label when it has one, else its IRI.</summary>
    private static string? Statement(DescribedNode node, string key, LanguagePreference language)
    {
        var statement = node.Nodes(key).FirstOrDefault();
        if (statement is null) return node.Text(key, language);
        return statement.Label(language) ?? statement.Text("dct:description", language) ?? statement.Id;
    }

    private static string? First(DescribedNode node, string key) =>
        node.Literals(key).Select(l => l.Text).FirstOrDefault() ?? node.Nodes(key).Select(n => n.Id).FirstOrDefault(id => id is not null);

    private static string? Email(string? value) =>
        value is null ? null : value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;

    private static string? Telephone(DescribedNode contact, LanguagePreference language)
    {
        var phone = contact.Nodes("vcard:hasTelephone").FirstOrDefault();
        var value = phone is null ? contact.Text("vcard:hasTelephone", language) : phone.Reference("vcard:hasValue", language) ?? phone.Id;
        return value is null ? null : value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? value[4..] : value;
    }

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
