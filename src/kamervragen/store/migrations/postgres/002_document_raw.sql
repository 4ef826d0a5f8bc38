-- Documents by their primary raw content (the same index as SQLite's 002, where the loader writes a
-- new raw row after its document and the insert looks up the documents referring to it).
CREATE INDEX IF NOT EXISTS document_raw ON document (raw_id);
