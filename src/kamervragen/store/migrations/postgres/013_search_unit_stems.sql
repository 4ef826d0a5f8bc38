-- Units keep their stems in a plain column (as migrations/sqlite/013).
ALTER TABLE search_unit ADD COLUMN stems TEXT COLLATE "C" NOT NULL DEFAULT '';
