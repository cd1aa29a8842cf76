using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Harvest.Harvesters.Ckan;

/// <summary>
/// The ids a listing has already given, so that a dataset listed again on a later page (the remote changed while it was
/// paged) is gathered once. Kept as 128-bit hashes, 16 bytes an id instead of the id's string (about 100 bytes): a
/// million ids cost about 35 MB, and two different ids sharing a hash is not to be expected among any number of datasets
/// a catalog holds.
/// </summary>
internal sealed class ListedIds
{
    private readonly HashSet<UInt128> hashes = [];

    public int Count => hashes.Count;

    /// <summary>True when the id had not been listed yet.</summary>
    public bool Add(string id) => hashes.Add(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan())));
}
