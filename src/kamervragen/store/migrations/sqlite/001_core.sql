-- Core store (issue 3): raw contents with their sources, parsed documents, cases (zaken).
-- Applied by SQLiteStore.migrate and recorded in schema_migration.

-- Every distinct raw content received (sha256 of the bytes), with the outcome of its last parse.
CREATE TABLE raw (
    id             INTEGER PRIMARY KEY,
    checksum       TEXT NOT NULL UNIQUE,
    content        BLOB NOT NULL,
    content_type   TEXT,
    size           INTEGER NOT NULL,
    parser_version TEXT NOT NULL,          -- of the last parse
    parse_error    TEXT,                   -- NULL when it parsed; else one clear sentence
    parsed_hash    TEXT,                   -- hash of the last parse result, to see what reparse changed
    summary        TEXT,                   -- JSON: kind, zaak, publication, subject, submitted, received
    document_id    INTEGER REFERENCES document(id),  -- NULL while it fails to parse
    first_seen     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX raw_document ON raw (document_id);
CREATE INDEX raw_failed ON raw (parse_error) WHERE parse_error IS NOT NULL;

-- Where a raw content was met: a URL (sources.jsonl, fetch) or a file path; identifier hints from them.
CREATE TABLE source (
    id                   INTEGER PRIMARY KEY,
    raw_id               INTEGER NOT NULL REFERENCES raw(id),
    locator              TEXT NOT NULL,    -- the URL when known, else 'file:' + path
    url                  TEXT,
    path                 TEXT,
    fetched_at           TEXT,
    content_type         TEXT,
    hint_zaak            TEXT,
    hint_publication     TEXT,
    hint_document_number TEXT,
    hint_origin          TEXT,
    removed_at           TEXT,
    UNIQUE (raw_id, locator)
);
CREATE INDEX source_url ON source (url);
CREATE INDEX source_path ON source (path);

-- A case: a zaak number, or a stable local key (L…) until the number is known.
CREATE TABLE zaak_case (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    zaak       TEXT UNIQUE,                -- NULL for a local case
    subject    TEXT,
    submitted  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- Keys a case was known by before (a merged local key); show/get_case still find it.
CREATE TABLE case_alias (
    alias   TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES zaak_case(id)
) WITHOUT ROWID;
CREATE TABLE case_flag (
    case_id     INTEGER NOT NULL REFERENCES zaak_case(id),
    flag        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    document_id INTEGER,
    PRIMARY KEY (case_id, flag, detail)
) WITHOUT ROWID;

-- A document of the procedure; its parsed rows come from its primary raw (official source first).
CREATE TABLE document (
    id                   INTEGER PRIMARY KEY,
    key                  TEXT NOT NULL UNIQUE, -- pub:<id> | doc:<nr> | zk:<zaak>:<kind>… | text:<sha> | raw:<sha>
    case_id              INTEGER NOT NULL REFERENCES zaak_case(id),
    raw_id               INTEGER NOT NULL REFERENCES raw(id),
    kind                 TEXT NOT NULL,
    supplementary        INTEGER NOT NULL DEFAULT 0,
    zaak_text            TEXT,             -- the zaak number as the text shows it
    publication          TEXT,
    document_number      TEXT,
    hint_zaak            TEXT,
    hint_publication     TEXT,
    hint_document_number TEXT,
    subject              TEXT,
    submitted            TEXT,
    received             TEXT,
    promised_date        TEXT,
    form                 TEXT,
    refs                 TEXT NOT NULL DEFAULT '[]',  -- JSON list
    warnings             TEXT NOT NULL DEFAULT '[]',  -- JSON list
    match_key            TEXT,             -- submitted|folded subject, for linking
    link                 TEXT NOT NULL,    -- zaak | hint | text | new | uncertain
    parsed_hash          TEXT NOT NULL,
    parser_version       TEXT NOT NULL,
    removed_at           TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX document_case ON document (case_id);
CREATE INDEX document_match ON document (match_key);
CREATE INDEX document_submitted ON document (submitted);

-- Every identity a document answers to (its key plus the weaker ones), for finding it again.
CREATE TABLE document_alias (
    alias       TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id)
) WITHOUT ROWID;
CREATE INDEX document_alias_doc ON document_alias (document_id);

CREATE TABLE question (
    document_id INTEGER NOT NULL REFERENCES document(id),
    position    INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    footnotes   TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
CREATE TABLE answer (
    document_id INTEGER NOT NULL REFERENCES document(id),
    position    INTEGER NOT NULL,
    questions   TEXT NOT NULL,             -- JSON list of question numbers
    text        TEXT NOT NULL,
    footnotes   TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
CREATE TABLE footnote (
    document_id INTEGER NOT NULL REFERENCES document(id),
    position    INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    url         TEXT,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
-- People as written; the *_normalised columns and person/party ids are filled by normalisation.
CREATE TABLE document_asker (
    document_id      INTEGER NOT NULL REFERENCES document(id),
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    party            TEXT,
    name_normalised  TEXT,
    party_normalised TEXT,
    person_id        INTEGER REFERENCES person(id),
    party_id         INTEGER REFERENCES party(id),
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
CREATE TABLE document_addressee (
    document_id       INTEGER NOT NULL REFERENCES document(id),
    position          INTEGER NOT NULL,
    office            TEXT NOT NULL,
    office_normalised TEXT,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
CREATE TABLE respondent (
    document_id     INTEGER NOT NULL REFERENCES document(id),
    position        INTEGER NOT NULL,
    role            TEXT NOT NULL,
    name            TEXT,
    on_behalf       INTEGER NOT NULL DEFAULT 0,
    role_normalised TEXT,
    name_normalised TEXT,
    person_id       INTEGER REFERENCES person(id),
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
-- Fingerprints of question texts (procedure.linking.question_prints): answers repeat their questions.
CREATE TABLE question_print (
    print       TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES document(id),
    PRIMARY KEY (print, document_id)
) WITHOUT ROWID;
CREATE INDEX question_print_doc ON question_print (document_id);

CREATE TABLE link_issue (
    document_id INTEGER PRIMARY KEY REFERENCES document(id),
    reason      TEXT NOT NULL,
    candidates  TEXT NOT NULL DEFAULT '[]',  -- JSON list of case keys
    created_at  TEXT NOT NULL
);

-- Members and office holders, parties: filled by normalisation (procedure/normalise.py).
CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_normalised TEXT,
    tk_person_id    TEXT UNIQUE
);
CREATE TABLE party (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    abbreviation TEXT
);
