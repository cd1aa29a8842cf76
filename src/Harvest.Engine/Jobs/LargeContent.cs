using Harvest.Engine.Model;

namespace Harvest.Engine.Jobs;

/// <summary>
/// Memory after a huge record. Once a page that held one is written, its copies (the text, its UTF-8, parse buffers, the
/// statement's parameter) are garbage, but the GC may leave them in place while the next page or stage makes copies of its
/// own, so that a 100 MB field cost the copies of every stage at once. A full compacting collection after such a page keeps
/// the peak to the copies of one stage; records this large are few, so the collections are too. Only an aggressive
/// collection gives the freed memory back: after a forced one the process keeps it, and a later copy of another size
/// (a string twice the size of a UTF-8 buffer) does not fit in it.
/// </summary>
internal static class LargeContent
{
    /// <summary>Content of at least this many characters (32 MB of text) is large.</summary>
    private const int Chars = 16 << 20;

    public static bool Is(string? content) => content is { Length: >= Chars };

    public static bool Any(IEnumerable<HarvestObject> objects) => objects.Any(o => Is(o.Content));

    public static void Release() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
