-- Units keep their stems in a plain column: search ranks whole documents (search_doc_fts) and builds
-- snippets from the original text, so a second full-text index over the units only cost load time.
-- Databases indexed before this migration need their documents indexed again (kamervragen reparse).
ALTER TABLE search_unit ADD COLUMN stems TEXT NOT NULL DEFAULT '';
DROP TABLE IF EXISTS search_unit_fts;
