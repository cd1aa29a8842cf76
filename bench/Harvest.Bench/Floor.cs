using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Store;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Harvest.Bench;

/// <summary>
/// The physical floor of a harvest: (i) every package_search page of the catalog downloaded with a plain
/// HttpClient and parsed (each dict's raw text taken, as the harvester does), and (ii) the rows a first
/// harvest ends with (N harvest objects holding the dict, N datasets) bulk-loaded into a fresh store of the
/// same schema: COPY (binary) on PostgreSQL, one transaction of prepared INSERTs on SQLite.
/// </summary>
public static class Floor
{
    public sealed record Result(string Part, double Seconds, int Rows, long Bytes);

    public static async Task<Result> DownloadAsync(string baseUrl, int pageSize)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var watch = Stopwatch.StartNew();
        int start = 0, rows = 0;
        long bytes = 0;
        while (true)
        {
            var url = $"{baseUrl}/api/3/action/package_search?q=*:*&rows={pageSize}&start={start}&sort=id%20asc";
            var body = await http.GetByteArrayAsync(url);
            bytes += body.Length;
            using var document = JsonDocument.Parse(body);
            var result = document.RootElement.GetProperty("result");
            var count = result.GetProperty("count").GetInt32();
            var page = 0;
            foreach (var package in result.GetProperty("results").EnumerateArray())
            {
                _ = package.GetProperty("id").GetString();
                _ = package.GetRawText();
                page++;
            }
            rows += page;
            start += page;
            if (page == 0 || start >= count) break;
        }
        return new Result("download", watch.Elapsed.TotalSeconds, rows, bytes);
    }

    /// <summary>A dataset row as the store keeps it, taken from a package dict (outside the timed load).</summary>
    private sealed record Row(string ObjectId, string Guid, string Content, string Hash, string DatasetId, string Name, string Title,
        string? Notes, string? Url, string Organization, string Tags, string Extras, string Resources, string SearchText);

    /// <summary>Rows made a chunk at a time, so that their making (untimed) is kept out of the load's time and memory stays bounded.</summary>
    private static IEnumerable<List<Row>> Chunks(SyntheticCatalog catalog, int size = 5000)
    {
        var chunk = new List<Row>(size);
        foreach (var row in Rows(catalog))
        {
            chunk.Add(row);
            if (chunk.Count == size) { yield return chunk; chunk = new List<Row>(size); }
        }
        if (chunk.Count > 0) yield return chunk;
    }

    private static IEnumerable<Row> Rows(SyntheticCatalog catalog)
    {
        foreach (var index in catalog.Listing(null))
        {
            var bytes = catalog.Package(index);
            using var document = JsonDocument.Parse(bytes);
            var p = document.RootElement;
            var content = System.Text.Encoding.UTF8.GetString(bytes);
            var tags = p.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
            var words = SearchText.Of(new Dataset
            {
                DatasetId = "", Name = p.GetProperty("name").GetString()!, Title = p.GetProperty("title").GetString()!,
                Notes = p.GetProperty("notes").GetString(), Tags = tags,
            });
            yield return new Row(
                Guid.NewGuid().ToString(), p.GetProperty("id").GetString()!, content,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Guid.NewGuid().ToString(),
                p.GetProperty("name").GetString()!, p.GetProperty("title").GetString()!, p.GetProperty("notes").GetString(),
                p.GetProperty("url").GetString(), p.GetProperty("organization").GetProperty("name").GetString()!,
                JsonSerializer.Serialize(tags), p.GetProperty("extras").GetRawText(), p.GetProperty("resources").GetRawText(), words);
        }
    }

    private const string SourceId = "floor-source";
    private const string JobId = "floor-job";

    public static Result LoadSqlite(SyntheticCatalog catalog, string path)
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        StoreFactory.Open(new HarvestSettings { Database = path }).Dispose(); // the engine's schema
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }
        Prepare(connection);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        var rows = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var obj = connection.CreateCommand();
            obj.Transaction = transaction;
            obj.CommandText = """
                INSERT INTO harvest_object (id, job_id, source_id, seq, guid, state, report_status, current, content, content_hash, dataset_id, gathered, fetch_finished, import_finished)
                VALUES ($id, $job, $source, $seq, $guid, 'Complete', 'Added', 1, $content, $hash, $dataset, $now, $now, $now)
                """;
            var oParams = new[] { "$id", "$job", "$source", "$seq", "$guid", "$content", "$hash", "$dataset", "$now" }
                .ToDictionary(n => n, n => obj.Parameters.Add(new SqliteParameter { ParameterName = n }));
            obj.Prepare();
            using var ds = connection.CreateCommand();
            ds.Transaction = transaction;
            ds.CommandText = """
                INSERT INTO dataset (id, name, title, notes, url, organization, tags, groups, extras, resources, state, source_id, guid, metadata_created, metadata_modified, search_text)
                VALUES ($id, $name, $title, $notes, $url, $org, $tags, '[]', $extras, $resources, 'Active', $source, $guid, $now, $now, $words)
                """;
            var dParams = new[] { "$id", "$name", "$title", "$notes", "$url", "$org", "$tags", "$extras", "$resources", "$source", "$guid", "$now", "$words" }
                .ToDictionary(n => n, n => ds.Parameters.Add(new SqliteParameter { ParameterName = n }));
            ds.Prepare();
            var seq = 0;
            watch.Stop();
            foreach (var chunk in Chunks(catalog))
            {
              watch.Start();
              foreach (var row in chunk)
              {
                oParams["$id"].Value = row.ObjectId; oParams["$job"].Value = JobId; oParams["$source"].Value = SourceId;
                oParams["$seq"].Value = seq++; oParams["$guid"].Value = row.Guid; oParams["$content"].Value = row.Content;
                oParams["$hash"].Value = row.Hash; oParams["$dataset"].Value = row.DatasetId; oParams["$now"].Value = now;
                obj.ExecuteNonQuery();
                dParams["$id"].Value = row.DatasetId; dParams["$name"].Value = row.Name; dParams["$title"].Value = row.Title;
                dParams["$notes"].Value = (object?)row.Notes ?? DBNull.Value; dParams["$url"].Value = (object?)row.Url ?? DBNull.Value;
                dParams["$org"].Value = row.Organization; dParams["$tags"].Value = row.Tags; dParams["$extras"].Value = row.Extras;
                dParams["$resources"].Value = row.Resources; dParams["$source"].Value = SourceId; dParams["$guid"].Value = row.Guid;
                dParams["$now"].Value = now; dParams["$words"].Value = row.SearchText;
                ds.ExecuteNonQuery();
                rows += 2;
              }
              watch.Stop();
            }
            watch.Start();
            transaction.Commit();
        }
        return new Result("load", watch.Elapsed.TotalSeconds, rows, new FileInfo(path).Length);
    }

    public static Result LoadPostgres(SyntheticCatalog catalog, string connectionString)
    {
        StoreFactory.Open(new HarvestSettings { Database = connectionString }).Dispose();
        // No command timeout: completing a COPY of a million datasets waits for their full-text rows and indexes.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        connection.Open();
        Prepare(connection);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        var rows = 0;
        using (var transaction = connection.BeginTransaction())
        {
            // Two COPY streams cannot be open at once on one connection: objects first, then datasets (generated again, cheaply).
            using (var copy = connection.BeginBinaryImport(
                "COPY harvest_object (id, job_id, source_id, seq, guid, state, report_status, current, content, content_hash, dataset_id, gathered, fetch_finished, import_finished) FROM STDIN (FORMAT BINARY)"))
            {
                var seq = 0;
                watch.Stop();
                foreach (var chunk in Chunks(catalog))
                {
                  watch.Start();
                  foreach (var row in chunk)
                  {
                    copy.StartRow();
                    copy.Write(row.ObjectId, NpgsqlDbType.Text); copy.Write(JobId, NpgsqlDbType.Text); copy.Write(SourceId, NpgsqlDbType.Text);
                    copy.Write(seq++, NpgsqlDbType.Integer); copy.Write(row.Guid, NpgsqlDbType.Text); copy.Write("Complete", NpgsqlDbType.Text);
                    copy.Write("Added", NpgsqlDbType.Text); copy.Write(1, NpgsqlDbType.Integer); copy.Write(row.Content, NpgsqlDbType.Text);
                    copy.Write(row.Hash, NpgsqlDbType.Text); copy.Write(row.DatasetId, NpgsqlDbType.Text);
                    copy.Write(now, NpgsqlDbType.Text); copy.Write(now, NpgsqlDbType.Text); copy.Write(now, NpgsqlDbType.Text);
                    rows++;
                  }
                  watch.Stop();
                }
                watch.Start();
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport(
                "COPY dataset (id, name, title, notes, url, organization, tags, groups, extras, resources, state, source_id, guid, metadata_created, metadata_modified, search_text) FROM STDIN (FORMAT BINARY)"))
            {
                watch.Stop();
                foreach (var chunk in Chunks(catalog))
                {
                  watch.Start();
                  foreach (var row in chunk)
                  {
                    copy.StartRow();
                    copy.Write(row.DatasetId, NpgsqlDbType.Text); copy.Write(row.Name, NpgsqlDbType.Text); copy.Write(row.Title, NpgsqlDbType.Text);
                    copy.Write(row.Notes, NpgsqlDbType.Text); copy.Write(row.Url, NpgsqlDbType.Text); copy.Write(row.Organization, NpgsqlDbType.Text);
                    copy.Write(row.Tags, NpgsqlDbType.Text); copy.Write("[]", NpgsqlDbType.Text); copy.Write(row.Extras, NpgsqlDbType.Text);
                    copy.Write(row.Resources, NpgsqlDbType.Text); copy.Write("Active", NpgsqlDbType.Text); copy.Write(SourceId, NpgsqlDbType.Text);
                    copy.Write(row.Guid, NpgsqlDbType.Text); copy.Write(now, NpgsqlDbType.Text); copy.Write(now, NpgsqlDbType.Text);
                    copy.Write(row.SearchText, NpgsqlDbType.Text);
                    rows++;
                  }
                  watch.Stop();
                }
                watch.Start();
                copy.Complete();
            }
            transaction.Commit();
        }
        return new Result("load", watch.Elapsed.TotalSeconds, rows, 0);
    }

    /// <summary>The source and job rows the objects belong to (foreign keys), outside the timed load.</summary>
    private static void Prepare(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $$"""
            INSERT INTO harvest_source (id, name, url, type, frequency, config, active, created, modified)
            VALUES ('{{SourceId}}', 'floor', 'http://127.0.0.1/', 'ckan', 'Manual', '{}', 1, '2025-01-01', '2025-01-01');
            INSERT INTO harvest_job (id, source_id, status, created) VALUES ('{{JobId}}', '{{SourceId}}', 'Finished', '2025-01-01');
            """;
        command.ExecuteNonQuery();
    }
}
