-- Search index (issue 6), the PostgreSQL side of migrations/sqlite/010: the same tables, filled by the
-- same SQLiteSearchMixin.index_document inside the store's write transaction. The stems are those of
-- kamervragen.search.analysis (Snowball dutch_porter, the stemmer of PostgreSQL's `dutch`
-- configuration), so PostgreSQL indexes them with the `simple` configuration (lower-case, split into
-- words, nothing removed): both backends match exactly the same lexemes. The original text is kept for
-- snippets.

CREATE TABLE search_doc (
    document_id   BIGINT PRIMARY KEY,
    zaak_key      TEXT COLLATE "C" NOT NULL,
    kind          TEXT COLLATE "C" NOT NULL,
    supplementary BIGINT NOT NULL DEFAULT 0,
    date          TEXT COLLATE "C",
    submitted     TEXT COLLATE "C",
    received      TEXT COLLATE "C",
    subject       TEXT COLLATE "C",
    askers        TEXT COLLATE "C" NOT NULL DEFAULT '',
    parties       TEXT COLLATE "C" NOT NULL DEFAULT '',
    offices       TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX search_doc_zaak ON search_doc (zaak_key);
CREATE INDEX search_doc_date ON search_doc (date);

-- Index units: id = document_id * 4096 + ordinal.
CREATE TABLE search_unit (
    id      BIGINT PRIMARY KEY,
    kind    TEXT COLLATE "C" NOT NULL,
    number  BIGINT,
    numbers TEXT COLLATE "C",
    text    TEXT COLLATE "C" NOT NULL
);

-- The whole document (rowid = document_id, named as in FTS5): the stems of each column, and one
-- tsvector with the columns as weights (subject A, questions B, notes C, answers D) under a GIN index.
CREATE TABLE search_doc_fts (
    rowid     BIGINT PRIMARY KEY,
    subject   TEXT COLLATE "C" NOT NULL DEFAULT '',
    questions TEXT COLLATE "C" NOT NULL DEFAULT '',
    answers   TEXT COLLATE "C" NOT NULL DEFAULT '',
    notes     TEXT COLLATE "C" NOT NULL DEFAULT '',
    tsv       tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('simple'::regconfig, subject), 'A')
               || setweight(to_tsvector('simple'::regconfig, questions), 'B')
               || setweight(to_tsvector('simple'::regconfig, notes), 'C')
               || to_tsvector('simple'::regconfig, answers)) STORED
);
-- fastupdate off: with a pending list (the default) the planner costs the index by its unmerged
-- entries after a load and scans every (toasted) tsvector instead, until the next vacuum.
CREATE INDEX search_doc_fts_tsv ON search_doc_fts USING gin (tsv) WITH (fastupdate = off);

CREATE TABLE search_entity (
    entity      TEXT COLLATE "C" NOT NULL,
    document_id BIGINT NOT NULL,
    label       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity, document_id)
);
CREATE INDEX search_entity_doc ON search_entity (document_id);
