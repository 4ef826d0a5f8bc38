-- Documents by their primary raw content. The loader writes a new raw row once, after its document
-- (foreign keys deferred within the batch's transaction); inserting a raw row then looks up the
-- documents that refer to it, which without this index is a scan of every document.
CREATE INDEX IF NOT EXISTS document_raw ON document (raw_id);
