-- A document's own publication id and the identifiers it refers to (as migrations/sqlite/015).
ALTER TABLE search_doc ADD COLUMN publication TEXT COLLATE "C";
ALTER TABLE search_doc ADD COLUMN refs TEXT COLLATE "C" NOT NULL DEFAULT '';  -- '|2019Z25006|ah-tk-20242025-143|'
CREATE INDEX IF NOT EXISTS search_doc_publication ON search_doc (publication);
