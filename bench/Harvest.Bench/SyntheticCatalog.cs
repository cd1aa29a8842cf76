using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Harvest.Bench;

/// <summary>
/// A deterministic synthetic CKAN catalog of N package dicts. Nothing is held but ids and per-dataset state:
/// each dict is generated on demand from (seed, index, version), so the same seed always serves the same bytes.
/// Each dict has 5-15 tags, 1-10 resources, 3-8 extras, an organization, and is padded by its notes to a
/// size drawn between 3 and 6 KB.
/// </summary>
public sealed class SyntheticCatalog
{
    public static readonly DateTime BaseModified = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly int _seed;
    private readonly string[] _ids;
    private readonly int[] _version;
    private readonly DateTime[] _modified;
    private readonly bool[] _removed;
    private readonly byte[]?[] _cache; // generated dicts, so that serving costs the server little (the floor is I/O, not generation)
    private readonly int[] _byId; // indices sorted by id (the "id asc" sort of package_search)
    private int[] _live;

    public SyntheticCatalog(int count, int seed)
    {
        Count = count;
        _seed = seed;
        _ids = new string[count];
        var rng = new Random(seed);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            rng.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // a version-4 looking uuid
            _ids[i] = new Guid(bytes).ToString("D");
        }
        _version = new int[count];
        _modified = new DateTime[count];
        _removed = new bool[count];
        _cache = new byte[]?[count];
        _byId = Enumerable.Range(0, count).OrderBy(i => _ids[i], StringComparer.Ordinal).ToArray();
        Reset();
        _live = _byId;
    }

    public int Count { get; }
    public int LiveCount => _live.Length;

    /// <summary>Back to the catalog as first generated: every dataset at version 0, none removed.</summary>
    public void Reset()
    {
        lock (this)
        {
            for (var i = 0; i < Count; i++)
            {
                if (_version[i] != 0) _cache[i] = null;
                _version[i] = 0;
                _modified[i] = BaseModified.AddSeconds(i);
                _removed[i] = false;
            }
            _live = _byId;
        }
    }

    /// <summary>
    /// Changes <paramref name="changedShare"/> of the datasets (new title, notes, a tag, a resource URL; metadata_modified
    /// = <paramref name="at"/>) and removes <paramref name="removedShare"/> of the others; both picked by the seed.
    /// </summary>
    public (int Changed, int Removed) Mutate(double changedShare, double removedShare, DateTime at)
    {
        lock (this)
        {
            var rng = new Random(_seed ^ 0x5eed);
            int changed = 0, removed = 0;
            var changeTarget = (int)Math.Round(Count * changedShare);
            var removeTarget = (int)Math.Round(Count * removedShare);
            var order = Enumerable.Range(0, Count).OrderBy(_ => rng.Next()).ToArray();
            foreach (var i in order)
            {
                if (_removed[i]) continue;
                if (changed < changeTarget) { _version[i]++; _modified[i] = at; _cache[i] = null; changed++; }
                else if (removed < removeTarget) { _removed[i] = true; removed++; }
                else break;
            }
            _live = _byId.Where(i => !_removed[i]).ToArray();
            return (changed, removed);
        }
    }

    /// <summary>The live datasets (by id order) modified at or after <paramref name="since"/> (all when null).</summary>
    public int[] Listing(DateTime? since)
    {
        lock (this)
        {
            if (since is not { } s) return _live;
            return _live.Where(i => _modified[i] >= s).ToArray();
        }
    }

    public string Id(int index) => _ids[index];

    private static readonly string[] Words =
    [
        "water", "quality", "survey", "annual", "budget", "transport", "traffic", "census", "housing", "health", "school",
        "district", "county", "river", "air", "emission", "energy", "permit", "inspection", "crime", "park", "library",
        "election", "tax", "property", "zoning", "bridge", "road", "flood", "forest", "wildlife", "fishery", "climate",
        "rainfall", "station", "monitoring", "hospital", "vaccination", "employment", "wage", "business", "license",
        "restaurant", "noise", "waste", "recycling", "transit", "bus", "rail", "airport", "port", "cargo", "population",
        "migration", "income", "poverty", "education", "enrolment", "graduation", "spending", "contract", "procurement",
        "grant", "boundary", "parcel", "address", "street", "tree", "inventory", "asset", "facility", "service", "request",
        "complaint", "incident", "fire", "ambulance", "police", "court", "case", "outcome", "index", "rate", "report",
        "statistics", "dataset", "record", "register", "map", "layer", "points", "polygons", "timeseries", "daily",
        "monthly", "quarterly", "historic", "open", "public", "regional", "national", "municipal", "state", "federal",
    ];

    private static readonly string[] Formats = ["CSV", "JSON", "XLSX", "PDF", "GeoJSON", "SHP", "XML", "API", "ZIP", "KML"];
    private static readonly string[] Licenses = ["cc-by", "cc-by-sa", "cc-zero", "odc-pddl", "odc-odbl", "other-open", "notspecified"];

    /// <summary>The package dict of dataset <paramref name="index"/> as UTF-8 JSON.</summary>
    public byte[] Package(int index)
    {
        if (Volatile.Read(ref _cache[index]) is { } cached) return cached;
        int version;
        DateTime modified;
        lock (this) { version = _version[index]; modified = _modified[index]; }
        var made = Generate(index, version, modified);
        lock (this) { if (_version[index] == version) _cache[index] = made; }
        return made;
    }

    /// <summary>Generates every live dict ahead (in parallel), outside any timing.</summary>
    public void Warm() => Parallel.ForEach(Listing(null), i => Package(i));

    private byte[] Generate(int index, int version, DateTime modified)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        var target = new Random(Mix(index, 0)).Next(3000, 6001);
        // Fewer resources when the drawn ones would not leave room for 80 characters of notes under 6 KB.
        var resourceCap = 10;
        while (true)
        {
            buffer.ResetWrittenCount();
            Write(buffer, index, version, modified, notesLength: 0, resourceCap);
            if (buffer.WrittenCount <= 5900 || resourceCap == 1) break;
            resourceCap--;
        }
        var notesLength = Math.Max(80, target - buffer.WrittenCount);
        buffer.ResetWrittenCount();
        Write(buffer, index, version, modified, notesLength, resourceCap);
        return buffer.WrittenSpan.ToArray();
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return hash;
    }

    private int Mix(int index, int version) => unchecked(_seed * 1_000_003 + index * 7919 + version * 104_729);

    private void Write(IBufferWriter<byte> buffer, int index, int version, DateTime modified, int notesLength, int resourceCap)
    {
        var rng = new Random(Mix(index, version));
        var stable = new Random(Mix(index, 0) ^ 0x2a); // what an edit does not change: org, created, resource ids
        using var w = new Utf8JsonWriter(buffer);
        var id = _ids[index];
        string Word(Random r) => Words[r.Next(Words.Length)];
        var titleWords = string.Join(' ', Enumerable.Range(0, stable.Next(3, 7)).Select(_ => Word(stable)));
        var title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(titleWords) + $" {index}" + (version > 0 ? $" (rev {version})" : "");
        var name = (titleWords.Replace(' ', '-') + "-" + index.ToString(CultureInfo.InvariantCulture));
        var org = stable.Next(40);
        var created = BaseModified.AddDays(-stable.Next(1, 2000)).AddSeconds(index);
        string Stamp(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("name", name);
        w.WriteString("title", title);
        w.WriteString("type", "dataset");
        w.WriteString("state", "active");
        w.WriteBoolean("private", false);
        w.WriteString("author", $"{Word(stable)} {Word(stable)} office");
        w.WriteString("author_email", $"data{org}@example.org");
        w.WriteString("maintainer", $"Open Data Team {org}");
        w.WriteString("maintainer_email", $"opendata{org}@example.org");
        var license = Licenses[stable.Next(Licenses.Length)];
        w.WriteString("license_id", license);
        w.WriteString("license_title", license.ToUpperInvariant());
        w.WriteString("url", $"https://data.example.org/source/{id}");
        w.WriteString("version", $"{version + 1}.0");
        w.WriteString("metadata_created", Stamp(created));
        w.WriteString("metadata_modified", Stamp(modified));
        w.WriteString("creator_user_id", "6d1e6c8c-0000-4000-8000-00000000000" + (org % 10).ToString(CultureInfo.InvariantCulture));

        w.WriteStartObject("organization");
        w.WriteString("id", $"00000000-0000-4000-8000-{org:D12}");
        w.WriteString("name", $"organization-{org}");
        w.WriteString("title", $"Organization {org}");
        w.WriteString("type", "organization");
        w.WriteString("description", $"Department number {org} of the synthetic government.");
        w.WriteString("image_url", "");
        w.WriteString("created", "2020-01-01T00:00:00.000000");
        w.WriteBoolean("is_organization", true);
        w.WriteString("approval_status", "approved");
        w.WriteString("state", "active");
        w.WriteEndObject();
        w.WriteString("owner_org", $"00000000-0000-4000-8000-{org:D12}");

        w.WriteStartArray("groups");
        w.WriteEndArray();

        var tags = new SortedSet<string>(StringComparer.Ordinal);
        var tagCount = stable.Next(5, 16);
        while (tags.Count < tagCount) tags.Add(Word(stable) + (stable.Next(3) == 0 ? "-" + Word(stable) : ""));
        if (version > 0) { tags.Remove(tags.Min!); tags.Add($"revised-{version}"); }
        w.WriteNumber("num_tags", tags.Count);
        w.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            w.WriteStartObject();
            w.WriteString("display_name", tag);
            w.WriteString("id", $"{Fnv(tag):x8}-0000-4000-8000-000000000000");
            w.WriteString("name", tag);
            w.WriteString("state", "active");
            w.WriteNull("vocabulary_id");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        var resourceCount = Math.Min(stable.Next(1, 11), resourceCap);
        w.WriteNumber("num_resources", resourceCount);
        w.WriteStartArray("resources");
        for (var r = 0; r < resourceCount; r++)
        {
            var format = Formats[stable.Next(Formats.Length)];
            w.WriteStartObject();
            w.WriteString("id", $"{id[..24]}{r:D12}");
            w.WriteString("package_id", id);
            w.WriteString("name", $"{Word(stable)} {format}");
            w.WriteString("description", $"{Word(stable)} {Word(stable)} {Word(stable)}");
            w.WriteString("format", format);
            w.WriteString("url", $"https://files.example.org/{name}/{r}.{format.ToLowerInvariant()}" + (version > 0 ? $"?v={version}" : ""));
            w.WriteString("mimetype", format == "CSV" ? "text/csv" : "application/octet-stream");
            w.WriteNumber("size", stable.Next(1_000, 50_000_000));
            w.WriteString("created", Stamp(created));
            w.WriteNumber("position", r);
            w.WriteString("state", "active");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("extras");
        var extraCount = stable.Next(3, 9);
        for (var e = 0; e < extraCount; e++)
        {
            w.WriteStartObject();
            w.WriteString("key", $"{Word(stable)}_{e}");
            w.WriteString("value", $"{Word(stable)} {stable.Next(10_000)}");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        // Notes last: they pad the dict to its drawn size; an edit rewrites them.
        var notes = new System.Text.StringBuilder(notesLength + 16);
        while (notes.Length < notesLength)
        {
            notes.Append(Word(rng)).Append(rng.Next(12) == 0 ? ". " : " ");
        }
        w.WriteString("notes", notes.ToString(0, notesLength));
        w.WriteEndObject();
    }
}
