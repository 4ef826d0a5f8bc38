-- The order of a zaak's actors as the API gave them (the first "Gericht aan" is the lead ministry),
-- in a column of its own: it was SQLite's rowid, which PostgreSQL does not have. Numbered per zaak.
ALTER TABLE api_actor ADD COLUMN seq INTEGER;
UPDATE api_actor SET seq = rowid;
