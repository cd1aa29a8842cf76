using System.Globalization;
using System.Text;

namespace Harvest.MemoryBench;

/// <summary>
/// Writes a data.json catalog to disk: a few ordinary records and, optionally, one record whose description is
/// <c>fieldBytes</c> long (words, with an escaped line break every 80 and a non-ASCII letter every 1000, so that the
/// field exercises escapes and multi-byte UTF-8 as a real one would).
/// </summary>
public static class HugeCatalog
{
    public const string HugeIdentifier = "huge-0";

    public static void Write(string path, int ordinaryRecords, long fieldBytes)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        file.Write("""{"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": [""");
        for (var i = 0; i < ordinaryRecords; i++)
        {
            if (i > 0) file.Write(',');
            file.Write(Ordinary(i));
        }
        if (fieldBytes > 0)
        {
            if (ordinaryRecords > 0) file.Write(',');
            file.Write($$"""{"identifier": "{{HugeIdentifier}}", "title": "A record with a huge description", "accessLevel": "public", "modified": "2026-01-01", "keyword": ["huge"], "description": """ + "\"");
            WriteField(file, fieldBytes);
            file.Write("\"}");
        }
        file.Write("]}");
    }

    private static string Ordinary(int i) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"identifier": "ordinary-{{i}}", "title": "Ordinary dataset {{i}}", "description": "A short description of dataset {{i}}.", "accessLevel": "public", "modified": "2026-01-01", "keyword": ["one", "two"], "distribution": [{"downloadURL": "https://example.gov/{{i}}.csv", "mediaType": "text/csv"}]}""");

    private static void WriteField(StreamWriter file, long bytes)
    {
        string[] words = ["harvest", "catalog", "record", "metadata", "dataset", "field", "value", "open", "data", "source"];
        var written = 0L;
        var line = 0;
        var n = 0;
        while (written < bytes)
        {
            var word = words[n++ % words.Length];
            if (n % 1000 == 0) { file.Write("é "); written += 3; }
            file.Write(word);
            file.Write(' ');
            written += word.Length + 1;
            line += word.Length + 1;
            if (line >= 80) { file.Write("\\n"); written += 2; line = 0; }
        }
    }
}
