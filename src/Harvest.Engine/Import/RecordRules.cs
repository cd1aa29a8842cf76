using Harvest.Engine.Harvesters;
using Harvest.Engine.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Import;

/// <summary>
/// What decides a record's fate, in one place: how its content is hashed, when it counts as unchanged, and the dataset
/// draft it makes (linked, with a title). Gather, fetch, import and preview all call these, so a preview says what a
/// harvest does.
/// </summary>
internal static class RecordRules
{
    /// <summary>The content's hash: the harvester's own (<see cref="IContentHasher"/>), else the canonical JSON hash.</summary>
    public static string Hash(IHarvester harvester, string content) =>
        harvester is IContentHasher hasher ? hasher.HashContent(content) : CanonicalJson.Hash(content);

    /// <summary>SHA-256 of the record's text as it came: a cheap first test of "unchanged", before any canonical form is built.</summary>
    public static string RawHash(string content)
    {
        // In slices: a record of hundreds of megabytes needs no UTF-8 copy of itself (nor a pooled buffer kept after it).
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var encoder = System.Text.Encoding.UTF8.GetEncoder();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(SliceChars));
        try
        {
            var rest = content.AsSpan();
            do
            {
                var slice = rest[..Math.Min(rest.Length, SliceChars)];
                rest = rest[slice.Length..];
                var length = encoder.GetBytes(slice, chunk, flush: rest.IsEmpty);
                sha.AppendData(chunk, 0, length);
            }
            while (!rest.IsEmpty);
            Span<byte> hash = stackalloc byte[32];
            sha.GetHashAndReset(hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private const int SliceChars = 16 * 1024;

    /// <summary>The hash, or why the content cannot be read.</summary>
    public static bool TryHash(IHarvester harvester, string content, out string hash, out string? error)
    {
        try
        {
            hash = Hash(harvester, content);
            error = null;
            return true;
        }
        catch (System.Text.Json.JsonException e) when (harvester is not IContentHasher)
        {
            error = $"the fetched content is not valid JSON: {e.Message}";
        }
        catch (FormatException e)
        {
            error = $"the fetched content cannot be read: {e.Message}";
        }
        catch (InvalidOperationException e) when (harvester is not IContentHasher)
        {
            // System.Text.Json refuses text that is not valid Unicode (a lone surrogate escape such as \ud800).
            error = $"the fetched content holds text that is not valid Unicode: {e.Message}";
        }
        hash = "";
        return false;
    }

    /// <summary>
    /// What records of these guids are compared with: the current object of each guid's active dataset (a guid
    /// without an active dataset, or whose dataset has no current object, has none and is never unchanged).
    /// </summary>
    public static IReadOnlyDictionary<string, CurrentHash> Baselines(IHarvestStore store, string sourceId, IReadOnlyCollection<string> guids) =>
        store.FindCurrentHashes(sourceId, guids);

    /// <summary>The same baseline from a dataset and its current object already at hand (another object than the one being imported).</summary>
    public static CurrentHash? Baseline(Dataset? dataset, HarvestObject? current, string objectId) =>
        dataset is { State: DatasetState.Active } && current is { ContentHash: { } hash } && current.ObjectId != objectId
            ? new CurrentHash(hash, dataset.DatasetId)
            : null;

    /// <summary>Unchanged: the content hashes the same as the baseline's; such a record is "not modified" and needs no import.</summary>
    public static bool IsUnchanged(string? hash, CurrentHash? baseline) =>
        hash is not null && baseline is not null && string.Equals(baseline.ContentHash, hash, StringComparison.Ordinal);

    /// <summary>
    /// Unchanged by its source's date: the record (gathered without content) says it last changed no later than the record
    /// the baseline was made from. Such a record is "not modified" without being fetched.
    /// </summary>
    public static bool IsUnchangedSince(DateTimeOffset? modified, CurrentHash? baseline) =>
        modified is not null && baseline?.SourceModified is { } known && modified <= known;

    /// <summary>
    /// The dataset draft an object makes: mapped by its harvester, linked to the source's other datasets when the
    /// harvester links (<see cref="IDatasetLinker"/>), and refused without a title.
    /// </summary>
    public static DatasetDraft Draft(IHarvester harvester, HarvestContext context, HarvestObject harvestObject, ISourceDatasets datasets)
    {
        var draft = harvester.Import(context, harvestObject)
            ?? throw new HarvestException($"the {harvester.Info.Name} harvester made no dataset of record '{harvestObject.Guid}'");
        if (harvester is IDatasetLinker linker)
            draft = linker.Link(context, harvestObject, draft, datasets)
                ?? throw new HarvestException($"the {harvester.Info.Name} harvester's links left no dataset of record '{harvestObject.Guid}'");
        if (string.IsNullOrWhiteSpace(draft.Title))
            throw new HarvestException($"record '{harvestObject.Guid}' has no title");
        return draft;
    }
}

/// <summary>The source's active datasets in the store, for linking harvesters at import.</summary>
internal sealed class StoredSourceDatasets(IHarvestStore store, string sourceId) : ISourceDatasets
{
    public Dataset? FindActive(string guid) =>
        store.FindDatasetByGuid(sourceId, guid) is { State: DatasetState.Active } dataset ? dataset : null;
}
