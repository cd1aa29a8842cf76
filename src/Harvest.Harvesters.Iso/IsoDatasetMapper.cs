using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Iso;

/// <summary>A record mapped to a dataset, with what is worth logging about the mapping.</summary>
public sealed record IsoMapping(DatasetDraft Draft, IReadOnlyList<string> Warnings);

/// <summary>
/// Maps an <see cref="IsoRecord"/> to the dataset it should become, the way ckanext-spatial's ISO harvesters
/// do (its extras keys, its choice of elements), with the differences documented on <see cref="Map"/>.
/// </summary>
public static class IsoDatasetMapper
{
    public const int MaxTagLength = 100;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Title; abstract → notes; keywords → tags (trimmed, cut to <see cref="MaxTagLength"/> characters, empty
    /// ones dropped, duplicates after cutting dropped, case kept); online resources → resources (distribution
    /// first, then identification; one resource per URL, the first wins); the first online resource whose
    /// function is "information" → url; the organisation of the first party with role publisher, else of the
    /// first point of contact, else of the first metadata contact → organization; the rest as extras (see
    /// <see cref="IsoExtras"/>). A record without a title is an error.
    /// </summary>
    public static IsoMapping Map(IsoRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Title is null)
            throw new IsoRecordException(IsoRecordProblem.MissingTitle,
                "the record has no title (identificationInfo/*/citation/CI_Citation/title is missing or empty)");

        var warnings = new List<string>(record.Warnings);
        var resources = Resources(record);
        var draft = new DatasetDraft
        {
            Title = record.Title,
            Notes = record.Abstract,
            Url = record.OnlineResources.FirstOrDefault(r => string.Equals(r.Function, "information", StringComparison.OrdinalIgnoreCase))?.Url,
            Tags = Tags(record.Keywords),
            OrganizationTitle = Organisation(record),
            Extras = Extras(record, warnings),
            Resources = resources,
        };
        return new IsoMapping(draft, warnings);
    }

    /// <summary>Reads and maps in one step.</summary>
    public static IsoMapping Map(string xml, IsoReadOptions? options = null) => Map(IsoReader.Read(xml, options));

    internal static List<string> Tags(IEnumerable<IsoKeyword> keywords)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<string>();
        foreach (var keyword in keywords)
        {
            var tag = Cut(keyword.Text.Trim(), MaxTagLength).TrimEnd();
            if (tag.Length > 0 && seen.Add(tag)) tags.Add(tag);
        }
        return tags;
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        // Never split a surrogate pair.
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    private static List<DatasetResource> Resources(IsoRecord record)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resources = new List<DatasetResource>();
        foreach (var online in record.OnlineResources)
        {
            if (!seen.Add(online.Url)) continue;
            resources.Add(new DatasetResource
            {
                Url = online.Url,
                Name = online.Name,
                Description = online.Description,
                Format = ResourceFormats.Guess(online.Protocol, online.Url),
                MediaType = ResourceFormats.MediaType(online.Protocol),
            });
        }
        return resources;
    }

    private static string? Organisation(IsoRecord record)
    {
        var named = record.ResponsibleParties.Where(p => p.OrganisationName is not null && p.Source != IsoPartySource.Distributor).ToList();
        return (named.FirstOrDefault(p => string.Equals(p.Role, "publisher", StringComparison.OrdinalIgnoreCase))
            ?? named.FirstOrDefault(p => p.Source == IsoPartySource.PointOfContact)
            ?? named.FirstOrDefault(p => p.Source == IsoPartySource.MetadataContact))?.OrganisationName;
    }

    private static Dictionary<string, string> Extras(IsoRecord record, List<string> warnings)
    {
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) extras[key] = value;
        }
        void SetList(string key, IReadOnlyCollection<string> values)
        {
            if (values.Count > 0) extras[key] = JsonSerializer.Serialize(values, Json);
        }

        Set(IsoExtras.Guid, record.FileIdentifier);
        Set(IsoExtras.ResourceType, record.HierarchyLevel);
        Set(IsoExtras.MetadataDate, record.DateStamp);
        Set(IsoExtras.MetadataLanguage, record.Language);
        Set(IsoExtras.SpatialReferenceSystem, record.ReferenceSystem);

        if (record.ReferenceDates.Count > 0)
            extras[IsoExtras.DatasetReferenceDate] = new JsonArray(record.ReferenceDates
                .Select(d => (JsonNode)new JsonObject { ["type"] = d.Type, ["value"] = d.Value }).ToArray()).ToJsonString(Json);
        Set(IsoExtras.DateCreated, FirstDate(record, "creation"));
        Set(IsoExtras.DateReleased, FirstDate(record, "publication"));
        // The newest of several revision dates, as ckanext-spatial does (dates as written compare as text).
        Set(IsoExtras.DateUpdated, record.ReferenceDates.Where(d => d.Type == "revision").Select(d => d.Value).Order(StringComparer.Ordinal).LastOrDefault());

        Set(IsoExtras.FrequencyOfUpdate, record.MaintenanceFrequency);
        Set(IsoExtras.Progress, record.Progress);
        Set(IsoExtras.SpatialDataServiceType, record.ServiceType);

        SetList(IsoExtras.Licence, record.UseLimitations);
        Set(IsoExtras.LicenceUrl, record.UseLimitations.FirstOrDefault(IsWebUrl));
        SetList(IsoExtras.AccessConstraints, record.OtherConstraints);
        SetList(IsoExtras.AccessConstraintCodes, record.AccessConstraintCodes);
        SetList(IsoExtras.UseConstraintCodes, record.UseConstraintCodes);
        SetList(IsoExtras.Classification, record.Classifications);

        var parties = ResponsibleParties(record);
        if (parties.Count > 0) extras[IsoExtras.ResponsibleParty] = parties.ToJsonString(Json);
        Set(IsoExtras.ContactEmail, ContactEmail(record));

        if (record.BoundingBoxes.Count > 0 && BoundingBoxGeometry.From(record.BoundingBoxes[0], warnings) is { } geometry)
        {
            extras[IsoExtras.Spatial] = geometry.GeoJson;
            extras[IsoExtras.BboxWestLong] = BoundingBoxGeometry.N(geometry.Box.West);
            extras[IsoExtras.BboxEastLong] = BoundingBoxGeometry.N(geometry.Box.East);
            extras[IsoExtras.BboxSouthLat] = BoundingBoxGeometry.N(geometry.Box.South);
            extras[IsoExtras.BboxNorthLat] = BoundingBoxGeometry.N(geometry.Box.North);
        }
        Set(IsoExtras.TemporalExtentBegin, record.TemporalExtent?.Begin);
        Set(IsoExtras.TemporalExtentEnd, record.TemporalExtent?.End);

        Set(IsoExtras.Lineage, record.Lineage);
        if (record.BrowseGraphics.Count > 0)
        {
            var graphic = record.BrowseGraphics[0];
            Set(IsoExtras.GraphicPreviewFile, graphic.File);
            Set(IsoExtras.GraphicPreviewDescription, graphic.Description);
            Set(IsoExtras.GraphicPreviewType, graphic.Type);
        }
        return extras;
    }

    private static string? FirstDate(IsoRecord record, string type) =>
        record.ReferenceDates.FirstOrDefault(d => d.Type == type)?.Value;

    private static bool IsWebUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Points of contact, cited parties and metadata contacts, grouped by organisation (else person) with their roles.</summary>
    private static JsonArray ResponsibleParties(IsoRecord record)
    {
        var groups = new List<(string Name, List<string> Roles)>();
        foreach (var party in record.ResponsibleParties.Where(p => p.Source != IsoPartySource.Distributor))
        {
            var name = party.OrganisationName ?? party.IndividualName;
            if (name is null) continue;
            var index = groups.FindIndex(g => g.Name == name);
            if (index < 0)
            {
                groups.Add((name, []));
                index = groups.Count - 1;
            }
            if (party.Role is not null && !groups[index].Roles.Contains(party.Role)) groups[index].Roles.Add(party.Role);
        }
        return new JsonArray(groups.Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Name,
            ["roles"] = new JsonArray(g.Roles.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
        }).ToArray());
    }

    /// <summary>The first email of a point of contact, else of a metadata contact, else of any other party.</summary>
    private static string? ContactEmail(IsoRecord record) =>
        record.ResponsibleParties.FirstOrDefault(p => p.Email is not null && p.Source == IsoPartySource.PointOfContact)?.Email
        ?? record.ResponsibleParties.FirstOrDefault(p => p.Email is not null && p.Source == IsoPartySource.MetadataContact)?.Email
        ?? record.ResponsibleParties.FirstOrDefault(p => p.Email is not null)?.Email;
}
