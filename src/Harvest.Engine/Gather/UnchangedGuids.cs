using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Harvest.Engine.Gather;

/// <summary>
/// The guids of records a gather found unchanged and wrote no object for, so that the datasets they belong to are not
/// taken for missing. Kept as 64-bit hashes (about 24 bytes a record, so a million fit in memory): two guids that share a
/// hash can only keep a missing dataset from being deleted in this job, never delete one that is listed.
/// </summary>
internal sealed class UnchangedGuids
{
    private readonly HashSet<ulong> hashes = [];

    /// <summary>How many records were added (a guid listed twice counts twice, as its two records do).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// How many different guids were added; never more than there are (two guids that share a hash count once), so
    /// that it may be compared with the number of active datasets to tell that none of them is missing.
    /// </summary>
    public int DistinctCount => hashes.Count;

    public void Add(string guid)
    {
        hashes.Add(Hash(guid));
        Count++;
    }

    public bool Contains(string guid) => hashes.Contains(Hash(guid));

    private static ulong Hash(string guid) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(guid.AsSpan()));
}
