-- Ranking of whole documents is ts_rank with the column weights of migrations/sqlite/011 (BM25 weights
-- 4.0, 1.5, 0.6, 1.0 for subject, questions, answers, notes), set in postgres_search.py. Nothing to store.
SELECT 1;
