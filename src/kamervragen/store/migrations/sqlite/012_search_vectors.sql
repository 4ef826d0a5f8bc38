-- Document vectors of the optional semantic models (search.vectors), float32 BLOBs, L2-normalised,
-- and the models trained on the store itself (LSA): their parameters as BLOBs.
CREATE TABLE IF NOT EXISTS search_vector (
    model       TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    vec         BLOB NOT NULL,
    PRIMARY KEY (model, document_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS search_model (
    name       TEXT PRIMARY KEY,
    params     BLOB NOT NULL,       -- npz bytes
    documents  INTEGER NOT NULL,    -- how many documents it was trained on
    created_at TEXT NOT NULL
);
