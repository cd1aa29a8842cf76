namespace Harvest.Engine.Store;

/// <summary>
/// Versioned schema migrations. Each entry is applied once, in order, inside a transaction,
/// and recorded in <c>schema_version</c>. Never edit an entry that has shipped: add a new one.
/// Types are kept to those SQLite and PostgreSQL share (text, integer, bigint); <c>{identity}</c> stands for
/// each database's auto-numbered primary key.
/// </summary>
internal static class Schema
{
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE harvest_source (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                url TEXT NOT NULL,
                type TEXT NOT NULL,
                title TEXT,
                description TEXT,
                frequency TEXT NOT NULL,
                organization TEXT,
                config TEXT NOT NULL,
                active INTEGER NOT NULL,
                created TEXT NOT NULL,
                modified TEXT NOT NULL,
                next_run TEXT
            );
            CREATE TABLE harvest_job (
                id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL REFERENCES harvest_source(id),
                status TEXT NOT NULL,
                created TEXT NOT NULL,
                gather_started TEXT,
                gather_finished TEXT,
                finished TEXT,
                last_action TEXT,
                added INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                not_modified INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                errored INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_job_source_status ON harvest_job (source_id, status);
            CREATE TABLE harvest_object (
                id TEXT PRIMARY KEY,
                job_id TEXT NOT NULL REFERENCES harvest_job(id),
                source_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                guid TEXT NOT NULL,
                state TEXT NOT NULL,
                report_status TEXT NOT NULL,
                current INTEGER NOT NULL DEFAULT 0,
                content TEXT,
                content_hash TEXT,
                dataset_id TEXT,
                gathered TEXT NOT NULL,
                fetch_finished TEXT,
                import_finished TEXT,
                attempts INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_object_job_seq ON harvest_object (job_id, seq);
            CREATE INDEX ix_object_job_state ON harvest_object (job_id, state, seq);
            CREATE INDEX ix_object_job_guid ON harvest_object (job_id, guid);
            CREATE INDEX ix_object_source_guid ON harvest_object (source_id, guid, current);
            CREATE TABLE harvest_object_extra (
                object_id TEXT NOT NULL REFERENCES harvest_object(id),
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (object_id, key)
            );
            CREATE TABLE harvest_gather_error (
                id TEXT PRIMARY KEY,
                job_id TEXT NOT NULL REFERENCES harvest_job(id),
                message TEXT NOT NULL,
                created TEXT NOT NULL
            );
            CREATE INDEX ix_gather_error_job ON harvest_gather_error (job_id);
            CREATE TABLE harvest_object_error (
                id TEXT PRIMARY KEY,
                object_id TEXT NOT NULL REFERENCES harvest_object(id),
                job_id TEXT NOT NULL,
                stage TEXT NOT NULL,
                message TEXT NOT NULL,
                line INTEGER,
                created TEXT NOT NULL
            );
            CREATE INDEX ix_object_error_job ON harvest_object_error (job_id);
            CREATE TABLE harvest_log (
                id {identity},
                level TEXT NOT NULL,
                content TEXT NOT NULL,
                created TEXT NOT NULL
            );
            CREATE TABLE catalog_group (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                title TEXT,
                description TEXT,
                is_organization INTEGER NOT NULL,
                created TEXT NOT NULL,
                UNIQUE (is_organization, name)
            );
            CREATE TABLE dataset (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                notes TEXT,
                url TEXT,
                organization TEXT,
                tags TEXT NOT NULL,
                groups TEXT NOT NULL,
                extras TEXT NOT NULL,
                resources TEXT NOT NULL,
                state TEXT NOT NULL,
                source_id TEXT,
                guid TEXT,
                metadata_created TEXT NOT NULL,
                metadata_modified TEXT NOT NULL
            );
            CREATE UNIQUE INDEX ix_dataset_source_guid ON dataset (source_id, guid);
            CREATE TABLE harvest_queue (
                id {identity},
                queue TEXT NOT NULL,
                body TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                available_at TEXT NOT NULL,
                claimed_until TEXT
            );
            CREATE INDEX ix_queue_available ON harvest_queue (queue, available_at);
            """),
        (2, """
            CREATE TABLE harvest_gather_warning (
                id TEXT PRIMARY KEY,
                job_id TEXT NOT NULL REFERENCES harvest_job(id),
                message TEXT NOT NULL,
                created TEXT NOT NULL
            );
            CREATE INDEX ix_gather_warning_job ON harvest_gather_warning (job_id);
            ALTER TABLE catalog_group ADD COLUMN image_url TEXT;
            """),
        (3, """
            ALTER TABLE harvest_job ADD COLUMN owner TEXT;
            """),
        (4, """
            ALTER TABLE harvest_object ADD COLUMN raw_hash TEXT;
            """),
        // The local catalog served out (package_search, data.json): filtered, sorted and paged in SQL. Each sort has an
        // index ending in id (the tie-breaker), so a page is read from the index before its rows are.
        (5, """
            CREATE INDEX ix_dataset_state_modified ON dataset (state, metadata_modified, id);
            CREATE INDEX ix_dataset_state_created ON dataset (state, metadata_created, id);
            CREATE INDEX ix_dataset_state_id ON dataset (state, id);
            CREATE INDEX ix_dataset_state_name ON dataset (state, name);
            CREATE INDEX ix_dataset_organization ON dataset (organization, state, metadata_modified, id);
            CREATE INDEX ix_dataset_source_state ON dataset (source_id, state, name);
            CREATE INDEX ix_dataset_state_tags ON dataset (state, tags);
            """),
        // Conditional GET: the validators of each document a job downloaded whole, trusted only once that job finished well
        // (a row of a failed job is never sent); and the datasets a job counted not modified without an object each (a 304
        // for a whole catalog).
        (6, """
            CREATE TABLE harvest_document (
                source_id TEXT NOT NULL REFERENCES harvest_source(id),
                url TEXT NOT NULL,
                job_id TEXT NOT NULL REFERENCES harvest_job(id),
                object_id TEXT,
                etag TEXT,
                last_modified TEXT,
                fingerprint TEXT NOT NULL,
                memo TEXT,
                PRIMARY KEY (source_id, url, job_id)
            );
            CREATE INDEX ix_document_job ON harvest_document (job_id);
            ALTER TABLE harvest_job ADD COLUMN not_modified_unlisted INTEGER NOT NULL DEFAULT 0;
            """),
        // package_search's free text: each dataset's words (SearchText, made by the store's writes), indexed by each
        // database's own full-text index ({fulltext}: SqliteFullText or PostgresFullText). The words of the datasets
        // already there are filled in by the store once its migrations are done (RelationalHarvestStore.FillSearchText).
        (SearchTextVersion, """
            ALTER TABLE dataset ADD COLUMN search_text TEXT;
            {fulltext}
            """),
        // How each database stores large values ({compression}: PostgresCompression; nothing on SQLite).
        (8, "{compression}"),
        // Each dataset's words made again, with a break between fields (SearchText.FieldBreak): a phrase ran from one field
        // into the next. The store makes them once it has migrated any store older than this.
        (SearchTextFieldBreaksVersion, ""),
        // PostgreSQL: search_text holds the words as a tsvector literal, which the trigger casts instead of parsing the
        // words again with to_tsvector ({searchsync}: PostgresSearchSync; nothing on SQLite); the store makes them again.
        (PostgresSearchLiteralVersion, "{searchsync}"),
    ];

    public const int SearchTextFieldBreaksVersion = 9;

    public const int PostgresSearchLiteralVersion = 10;

    public const int SearchTextVersion = 7;

    /// <summary>
    /// FTS5 over the words of active datasets, kept in step by triggers on dataset, so that no write can miss it. The
    /// words are made already (split, lower case, unaccented), so the ascii tokenizer (which splits on ASCII
    /// punctuation and spaces only) keeps them as they are; contentless, as search_text holds them. Its rows are keyed
    /// by dataset_search_key, not by dataset's rowid, which VACUUM may renumber (dataset's key is text).
    /// </summary>
    public const string SqliteFullText = """
        CREATE TABLE dataset_search_key (key INTEGER PRIMARY KEY, dataset_id TEXT NOT NULL UNIQUE);
        CREATE VIRTUAL TABLE dataset_search USING fts5 (words, content = '', contentless_delete = 1, tokenize = 'ascii');
        CREATE TRIGGER dataset_search_insert AFTER INSERT ON dataset
        WHEN new.state = 'Active' AND new.search_text IS NOT NULL
        BEGIN
            INSERT INTO dataset_search_key (dataset_id) VALUES (new.id);
            INSERT INTO dataset_search (rowid, words) SELECT key, new.search_text FROM dataset_search_key WHERE dataset_id = new.id;
        END;
        CREATE TRIGGER dataset_search_update AFTER UPDATE ON dataset
        WHEN old.id IS NOT new.id OR old.state IS NOT new.state OR old.search_text IS NOT new.search_text
        BEGIN
            DELETE FROM dataset_search WHERE rowid = (SELECT key FROM dataset_search_key WHERE dataset_id = old.id);
            DELETE FROM dataset_search_key WHERE dataset_id = old.id;
            INSERT INTO dataset_search_key (dataset_id) SELECT new.id WHERE new.state = 'Active' AND new.search_text IS NOT NULL;
            INSERT INTO dataset_search (rowid, words) SELECT key, new.search_text FROM dataset_search_key WHERE dataset_id = new.id;
        END;
        CREATE TRIGGER dataset_search_delete AFTER DELETE ON dataset
        BEGIN
            DELETE FROM dataset_search WHERE rowid = (SELECT key FROM dataset_search_key WHERE dataset_id = old.id);
            DELETE FROM dataset_search_key WHERE dataset_id = old.id;
        END;
        """;

    /// <summary>
    /// The tsvector of each active dataset's words in a table of its own with a GIN index, kept in step by triggers on
    /// dataset. A table of its own so that counting a common word's matches (which visits each match's row: GIN has no
    /// index-only scans) reads the narrow rows of this table, not the wide rows of dataset. The words are Harvest's own
    /// (<c>SearchText</c>): no language's stop words or stemming.
    /// </summary>
    public const string PostgresFullText = $$"""
        CREATE TABLE dataset_search (dataset_id TEXT PRIMARY KEY, words tsvector NOT NULL);
        CREATE INDEX ix_dataset_search_words ON dataset_search USING GIN (words);
        {{PostgresSearchSync}}
        CREATE TRIGGER dataset_search_insert AFTER INSERT ON dataset FOR EACH ROW EXECUTE FUNCTION dataset_search_sync();
        CREATE TRIGGER dataset_search_update AFTER UPDATE ON dataset FOR EACH ROW
            WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.state IS DISTINCT FROM NEW.state OR OLD.search_text IS DISTINCT FROM NEW.search_text)
            EXECUTE FUNCTION dataset_search_sync();
        CREATE TRIGGER dataset_search_delete AFTER DELETE ON dataset FOR EACH ROW EXECUTE FUNCTION dataset_search_sync();
        """;

    /// <summary>
    /// The trigger function that keeps dataset_search in step: search_text is the dataset's words as a tsvector literal
    /// (SearchText.TsVectorOf), cast as it is. Before version 10 it held the words and this function parsed them with
    /// to_tsvector('simple', ...), which cost three times as much as reading the literal.
    /// </summary>
    public const string PostgresSearchSync = """
        CREATE OR REPLACE FUNCTION dataset_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM dataset_search WHERE dataset_id = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' AND NEW.state = 'Active' AND NEW.search_text IS NOT NULL THEN
                INSERT INTO dataset_search (dataset_id, words) VALUES (NEW.id, NEW.search_text::tsvector);
            END IF;
            RETURN NULL;
        END
        $$;
        """;

    /// <summary>
    /// Record contents, descriptions, resources and words compressed with lz4 where the server was built with it (new
    /// values only; older ones stay as they were and read the same). PostgreSQL's default, pglz, made compressing each
    /// object's content the largest cost of writing a gather's objects, and a large part of reading them back to import.
    /// </summary>
    public const string PostgresCompression = """
        DO $$
        BEGIN
            IF 'lz4' = ANY (SELECT unnest(enumvals) FROM pg_settings WHERE name = 'default_toast_compression') THEN
                ALTER TABLE harvest_object ALTER COLUMN content SET COMPRESSION lz4;
                ALTER TABLE dataset ALTER COLUMN notes SET COMPRESSION lz4, ALTER COLUMN extras SET COMPRESSION lz4,
                    ALTER COLUMN resources SET COMPRESSION lz4, ALTER COLUMN search_text SET COMPRESSION lz4;
            END IF;
        END
        $$;
        """;

    public static int LatestVersion => Migrations[^1].Version;
}
