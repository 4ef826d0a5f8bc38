-- Who answered (respondents' offices, as written), apart from the addressed offices (as migrations/sqlite/014).
ALTER TABLE search_doc ADD COLUMN respondents TEXT COLLATE "C" NOT NULL DEFAULT '';
