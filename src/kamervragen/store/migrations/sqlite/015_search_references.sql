-- A document's own publication id and the identifiers it refers to (earlier zaken, Aanhangsel
-- numbers): `similar` ranks a question set the target explicitly refers to higher.
ALTER TABLE search_doc ADD COLUMN publication TEXT;
ALTER TABLE search_doc ADD COLUMN refs TEXT NOT NULL DEFAULT '';  -- '|2019Z25006|ah-tk-20242025-143|'
CREATE INDEX IF NOT EXISTS search_doc_publication ON search_doc (publication);
