-- Document vectors of the optional semantic models (float32 bytes, L2-normalised; ranked in numpy, no
-- pgvector) and the models trained on the store itself (LSA).
CREATE TABLE search_vector (
    model       TEXT COLLATE "C" NOT NULL,
    document_id BIGINT NOT NULL,
    vec         BYTEA NOT NULL,
    PRIMARY KEY (model, document_id)
);

CREATE TABLE search_model (
    name       TEXT COLLATE "C" PRIMARY KEY,
    params     BYTEA NOT NULL,
    documents  BIGINT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);
