-- Search index (issue 6, PostgreSQL side of migrations/sqlite/010–012). Filled by
-- PostgresSearchMixin.index_document inside the store's write transaction. The stems are the ones the
-- SQLite index holds (kamervragen.search.analysis: Snowball dutch_porter, the stemmer of PostgreSQL's
-- `dutch` configuration); the tsvectors are built from them as literals, so both backends match the
-- same lexemes; the original text is kept for snippets.

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

-- Index units: id = document_id * 4096 + ordinal; stems as text (as search_unit_fts holds them) and tsv.
CREATE TABLE search_unit (
    id      BIGINT PRIMARY KEY,
    kind    TEXT COLLATE "C" NOT NULL,
    number  BIGINT,
    numbers TEXT COLLATE "C",
    text    TEXT COLLATE "C" NOT NULL,
    stems   TEXT COLLATE "C" NOT NULL DEFAULT '',
    tsv     tsvector NOT NULL
);
CREATE INDEX search_unit_tsv ON search_unit USING gin (tsv);

-- The whole document: the stems of each column as text (for ranking in Python and for similar), and
-- one tsvector with the columns as weights: subject A, questions B, notes C, answers D.
CREATE TABLE search_doc_fts (
    document_id BIGINT PRIMARY KEY,
    subject     TEXT COLLATE "C" NOT NULL DEFAULT '',
    questions   TEXT COLLATE "C" NOT NULL DEFAULT '',
    answers     TEXT COLLATE "C" NOT NULL DEFAULT '',
    notes       TEXT COLLATE "C" NOT NULL DEFAULT '',
    tsv         tsvector NOT NULL
);
CREATE INDEX search_doc_fts_tsv ON search_doc_fts USING gin (tsv);

CREATE TABLE search_entity (
    entity      TEXT COLLATE "C" NOT NULL,
    document_id BIGINT NOT NULL,
    label       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity, document_id)
);
CREATE INDEX search_entity_doc ON search_entity (document_id);
