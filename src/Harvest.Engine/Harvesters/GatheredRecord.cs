namespace Harvest.Engine.Harvesters;

/// <summary>
/// One record found by gather. A record with an <see cref="Error"/> becomes an errored object; a record with
/// <see cref="Skipped"/> becomes no object at all (a dataset it made earlier is then no longer listed).
/// </summary>
public sealed record GatheredRecord
{
    /// <summary>The record's identity in the source, stable across harvests; empty when the record has none (then <see cref="Error"/> says so).</summary>
    public required string Guid { get; init; }
    /// <summary>The record's content when the listing gives it; else <see cref="IHarvester.FetchAsync"/> gets it.</summary>
    public string? Content { get; init; }
    /// <summary>Why the record cannot be harvested; the object is stored as errored with this message.</summary>
    public string? Error { get; init; }
    /// <summary>A problem the record is harvested despite (e.g. a failed optional validation); kept on the object and shown by preview.</summary>
    public string? Warning { get; init; }
    /// <summary>The record's title when the listing shows it, for previews and reports.</summary>
    public string? Title { get; init; }
    /// <summary>
    /// When the source says the record last changed (a WAF listing's date, a catalog record's modification date). A record
    /// gathered without content whose date is not newer than that of its dataset's current object is settled as not
    /// modified without being fetched; a record whose date moved is fetched and still compared by content hash.
    /// </summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>
    /// Set on a record listed by a document the server answered 304 Not Modified for (a DCAT page): the record is settled
    /// not modified from its dataset's current object, with no content. Without such a current object it is an error,
    /// and the document is read whole by the next job.
    /// </summary>
    public Http.KnownDocument? NotModifiedSince { get; init; }
    /// <summary>Line of the record in the source document, when the document has lines.</summary>
    public int? Line { get; init; }
    /// <summary>Set when the source config leaves the record out (filters, excludes).</summary>
    public RecordSkip? Skipped { get; init; }
    /// <summary>Values stored with the object (harvest_object_extra), for the harvester's own later stages.</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>A record the source config leaves out.</summary>
    public static GatheredRecord Skip(string guid, string? title, RecordSkipKind kind, string reason) =>
        new() { Guid = guid, Title = title, Skipped = new RecordSkip(kind, reason) };
}

/// <summary>Why a record was left out: a part of the source config, or what the record is.</summary>
public enum RecordSkipKind
{
    /// <summary>The record does not match the source's filters.</summary>
    Filtered,
    /// <summary>The record matches one of the source's excludes.</summary>
    Excluded,
    /// <summary>The record is not a dataset (a remote CKAN site's harvest source, for example).</summary>
    NotADataset,
}

/// <summary>Why a gathered record gets no object.</summary>
public sealed record RecordSkip(RecordSkipKind Kind, string Reason);
