-- Sync (issue 4): the Tweede Kamer open-data metadata beside what the parser read, and the sync state.
-- Applied by SQLiteStore.migrate and recorded in schema_migration. Rows are keyed by the API's GUIDs;
-- removed_at is set when the source deletes a row (Verwijderd), the row and its raw file are kept.

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,  -- 'watermark', 'run', 'ob_watermark'
    value TEXT NOT NULL
);

CREATE TABLE api_zaak (
    id               TEXT PRIMARY KEY,
    nummer           TEXT,
    soort            TEXT,
    onderwerp        TEXT,
    gestart_op       TEXT,     -- YYYY-MM-DD
    afgedaan         INTEGER,
    api_gewijzigd_op TEXT,
    removed_at       TEXT,
    row_json         TEXT NOT NULL,
    synced_at        TEXT NOT NULL
);
CREATE INDEX api_zaak_nummer ON api_zaak (nummer);

CREATE TABLE api_actor (
    id               TEXT PRIMARY KEY,
    zaak_id          TEXT NOT NULL,
    relatie          TEXT,
    naam             TEXT,
    fractie          TEXT,
    functie          TEXT,
    persoon_id       TEXT,
    fractie_id       TEXT,
    api_gewijzigd_op TEXT,
    removed_at       TEXT,
    row_json         TEXT NOT NULL
);
CREATE INDEX api_actor_zaak ON api_actor (zaak_id);

CREATE TABLE api_document (
    id               TEXT PRIMARY KEY,
    soort            TEXT,
    kind             TEXT,
    supplementary    INTEGER NOT NULL DEFAULT 0,
    nummer           TEXT,
    onderwerp        TEXT,
    datum            TEXT,
    datum_ontvangst  TEXT,
    vergaderjaar     TEXT,
    aanhangselnummer TEXT,
    content_type     TEXT,
    publication      TEXT,     -- DocumentVersie.ExterneIdentifier
    versie_id        TEXT,
    versienummer     INTEGER,
    api_gewijzigd_op TEXT,
    removed_at       TEXT,
    row_json         TEXT NOT NULL,
    -- the document file: 'pending' until fetched for the current version, then 'done'; 'missing' when
    -- neither officielebekendmakingen nor the Tweede Kamer serves it
    file_state       TEXT NOT NULL DEFAULT 'pending',
    file_versie_id   TEXT,
    file_url         TEXT,
    file_path        TEXT,
    file_sha256      TEXT,
    file_fetched_at  TEXT
);
CREATE INDEX api_document_file_state ON api_document (file_state);
CREATE INDEX api_document_nummer ON api_document (nummer);

CREATE TABLE api_zaak_document (
    zaak_id     TEXT NOT NULL,
    document_id TEXT NOT NULL,
    PRIMARY KEY (zaak_id, document_id)
);
CREATE INDEX api_zaak_document_doc ON api_zaak_document (document_id);

-- API value and text value of one document that disagree; both kept, the text's is shown.
CREATE TABLE api_disagreement (
    document_id TEXT NOT NULL,
    field       TEXT NOT NULL,
    api_value   TEXT,
    text_value  TEXT,
    PRIMARY KEY (document_id, field)
);

-- officielebekendmakingen documents found by SRU search (--source ob).
CREATE TABLE ob_publication (
    identifier  TEXT PRIMARY KEY,
    date        TEXT,
    file_state  TEXT NOT NULL DEFAULT 'pending',
    file_url    TEXT,
    file_path   TEXT,
    file_sha256 TEXT
);

CREATE TABLE sync_run (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    mode        TEXT NOT NULL,  -- full | range | incremental | ob
    args_json   TEXT NOT NULL,
    stats_json  TEXT
);
