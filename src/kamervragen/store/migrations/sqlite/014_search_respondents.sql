-- Who answered (respondents' offices, as written), apart from the addressed offices: the timeline of
-- earlier answers names the answering office.
ALTER TABLE search_doc ADD COLUMN respondents TEXT NOT NULL DEFAULT '';
