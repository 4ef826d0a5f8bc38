-- Default ranking of whole documents: BM25 with column weights (subject, questions, answers, notes).
-- The subject names the matter; answers are long and repeat the question's words.
INSERT INTO search_doc_fts (search_doc_fts, rank) VALUES ('rank', 'bm25(4.0, 1.5, 0.6, 1.0)');
