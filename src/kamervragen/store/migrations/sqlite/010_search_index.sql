-- Search index (issue 6). Filled by SQLiteSearchMixin.index_document inside the store's write
-- transaction. Texts are pre-stemmed (kamervragen.search.analysis.stemmed_text) because Python's
-- sqlite3 cannot register an FTS5 tokenizer; the original text is kept for snippets.

-- One row per indexed document: what filters and grouping need.
CREATE TABLE IF NOT EXISTS search_doc (
    document_id   INTEGER PRIMARY KEY,
    zaak_key      TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- questions | answers | postponement | withdrawal
    supplementary INTEGER NOT NULL DEFAULT 0,
    date          TEXT,                     -- submitted, else received (YYYY-MM-DD)
    submitted     TEXT,
    received      TEXT,
    subject       TEXT,
    askers        TEXT NOT NULL DEFAULT '', -- '|name|name|' as written
    parties       TEXT NOT NULL DEFAULT '', -- '|VVD|GL|' as written
    offices       TEXT NOT NULL DEFAULT ''  -- '|Minister van Financiën|…|' addressees and respondents
);
CREATE INDEX IF NOT EXISTS search_doc_zaak ON search_doc (zaak_key);
CREATE INDEX IF NOT EXISTS search_doc_date ON search_doc (date);

-- Index units: the subject, each question, each answer, each footnote.
-- id = document_id * 4096 + ordinal, so a document's units are one rowid range.
CREATE TABLE IF NOT EXISTS search_unit (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,                  -- subject | question | answer | footnote
    number  INTEGER,                        -- question / footnote number, first question of an answer
    numbers TEXT,                           -- answers: the question numbers, '2,3'
    text    TEXT NOT NULL                   -- original words
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_unit_fts USING fts5 (stems, tokenize = 'unicode61');

-- The whole document as one row (rowid = document_id), columns weighted at query time.
CREATE VIRTUAL TABLE IF NOT EXISTS search_doc_fts USING fts5 (
    subject, questions, answers, notes, tokenize = 'unicode61'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_doc_vocab USING fts5vocab (search_doc_fts, 'row');

-- Named things (organisations, laws, places, people) per document, folded key and the words seen.
CREATE TABLE IF NOT EXISTS search_entity (
    entity      TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    label       TEXT NOT NULL,
    PRIMARY KEY (entity, document_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_entity_doc ON search_entity (document_id);
