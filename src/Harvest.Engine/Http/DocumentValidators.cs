namespace Harvest.Engine.Http;

/// <summary>
/// What a server said identifies one version of a document (its <c>ETag</c> and <c>Last-Modified</c> headers, as sent), for
/// asking later whether it changed (If-None-Match / If-Modified-Since).
/// </summary>
public sealed record DocumentValidators(string? ETag, string? LastModified)
{
    /// <summary>The validators of a response, or null when it has neither header.</summary>
    public static DocumentValidators? From(HttpResponseMessage response)
    {
        var etag = response.Headers.TryGetValues("ETag", out var tags) ? tags.FirstOrDefault() : null;
        var modified = response.Content.Headers.TryGetValues("Last-Modified", out var dates) ? dates.FirstOrDefault() : null;
        etag = string.IsNullOrWhiteSpace(etag) ? null : etag.Trim();
        modified = string.IsNullOrWhiteSpace(modified) ? null : modified.Trim();
        return etag is null && modified is null ? null : new DocumentValidators(etag, modified);
    }
}

/// <summary>
/// A document an earlier, successful job of the source downloaded whole: its validators, that job, and what the harvester
/// noted about it then (<see cref="Memo"/>: a page's records, say), to stand in for the document when it is not modified.
/// </summary>
public sealed record KnownDocument(string Url, DocumentValidators Validators, string JobId, DateTimeOffset? JobFinished, string? Memo = null);

/// <summary>A document this job downloaded whole, to be known by the next job if this one succeeds.</summary>
/// <param name="Url">The URL asked for (before any redirect).</param>
/// <param name="Validators">What the server sent to identify this version.</param>
/// <param name="ObjectId">The object the document is the record of (a WAF file), or null for a listing of many records.</param>
/// <param name="BaseJobId">The job whose validators were sent for it, if any.</param>
/// <param name="Memo">What the harvester needs of the document when it is next answered 304.</param>
public sealed record DownloadedDocument(string Url, DocumentValidators Validators, string? ObjectId, string? BaseJobId, string? Memo = null);

/// <summary>
/// Thrown by a harvester's fetch when the server answered 304 Not Modified for the object's document: the object is
/// settled not modified, from its dataset's current object, without being read again.
/// </summary>
public sealed class DocumentNotModifiedException(KnownDocument known)
    : HarvestException($"GET {known.Url}: not modified since job {known.JobId} (HTTP 304)")
{
    public KnownDocument Known { get; } = known;
}
